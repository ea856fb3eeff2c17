import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Principal } from '../auth/principal';
import { DomainError, notFound } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LivePublisher } from '../live/live-publisher';
import { AriClient } from '../telephony/ari/ari.client';
import { CallRegistry } from './call-registry';
import { EscalationRecords } from './escalation-records';
import { EscalationCommand, EscalationEvent, EscalationMode, EscalationState, escalationTransition, initialEscalationState } from './escalation.machine';
import { InboundCall } from './inbound-call';
import { InboundRouterService } from './inbound-router.service';
import { RepRosterService } from './rep-roster.service';
import { ringEndpoint } from './rep-endpoints';
import { isRoutable } from './roster.types';
import { pickByStrategy } from './dispatch.policy';

interface Escalation {
  call: InboundCall;
  state: EscalationState;
  /** The mid rep's leg while the warm escalation runs (it leaves on completion). */
  fromChannelId: string;
  clientChannelId: string;
  targetAnswered: boolean;
}

export interface EscalationView {
  callId: string;
  mode: EscalationMode | null;
  phase: EscalationState['phase'];
  fromRepId: string | null;
  toRepId: string | null;
}

/**
 * Runs escalation.machine.ts for live inbound calls: REST requests and the strong seller's leg
 * feed it events; its commands become ARI requests, roster changes and timeline rows. The strong
 * seller's leg is not in the call registry until the hand-over, so the router never mistakes it
 * for the call's rep or caller.
 */
@Injectable()
export class EscalationService implements OnApplicationBootstrap {
  private readonly byCall = new Map<string, Escalation>();
  private readonly logger: AppLogger;

  constructor(
    private readonly ari: AriClient,
    private readonly calls: CallRegistry,
    private readonly roster: RepRosterService,
    private readonly router: InboundRouterService,
    private readonly records: EscalationRecords,
    private readonly live: LivePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'escalation' });
  }

  onApplicationBootstrap(): void {
    this.ari.events.on('StasisStart', (event) => {
      const [kind, callId] = event.args;
      if (kind === 'escalation-leg') this.feedByCall(callId, { type: 'target-answered', channelId: event.channel.id });
    });
    this.ari.events.on('ChannelDestroyed', (event) => this.onChannelGone(event.channel.id, event.causeText ?? 'hangup'));
    this.ari.events.on('StasisEnd', (event) => this.onChannelGone(event.channel.id, 'left the application'));
  }

  /** POST /calls/:callId/escalations: only the call's own rep, on a live, bridged call. */
  request(actor: Principal, callId: string, mode: EscalationMode, toRepId: string | null): EscalationView {
    const call = this.ownLiveCall(actor, callId);
    if (mode === 'warm' && !toRepId) toRepId = this.firstFreeStrongSeller(actor.repId as string);
    if (mode === 'warm' && toRepId) {
      const target = this.roster.get(toRepId);
      if (!target || target.tier !== 'strong') throw new DomainError('VALIDATION_FAILED', 'toRepId must name an enabled strong seller', { toRepId });
      if (!isRoutable(target)) throw new DomainError('CONFLICT', 'The strong seller is not available right now', { toRepId, state: target.state });
    }
    const escalation = this.byCall.get(callId) ?? { call, state: initialEscalationState(), fromChannelId: call.repChannelId as string, clientChannelId: call.channelId, targetAnswered: false };
    escalation.fromChannelId = call.repChannelId as string;
    escalation.targetAnswered = false;
    this.byCall.set(callId, escalation);
    this.feed(escalation, { type: 'request', mode, fromRepId: actor.repId as string, toRepId, legChannelId: randomUUID() });
    return view(escalation);
  }

  /** Warm without a name: the free strong seller the inbound ladder would pick next. */
  private firstFreeStrongSeller(fromRepId: string): string {
    const candidates = this.roster.list().filter((rep) => rep.tier === 'strong' && rep.id !== fromRepId && isRoutable(rep));
    const picked = pickByStrategy(candidates, this.config.rules.routing.strongStrategy);
    if (!picked) throw new DomainError('CONFLICT', 'No strong seller is free right now: escalate into the ladder instead');
    return picked.id;
  }

  complete(actor: Principal, callId: string): EscalationView {
    return this.control(actor, callId, { type: 'complete' });
  }

  cancel(actor: Principal, callId: string): EscalationView {
    return this.control(actor, callId, { type: 'cancel' });
  }

  private control(actor: Principal, callId: string, event: EscalationEvent): EscalationView {
    this.ownLiveCall(actor, callId);
    const escalation = this.byCall.get(callId);
    if (!escalation) throw new DomainError('CONFLICT', 'No escalation on this call');
    this.feed(escalation, event);
    return view(escalation);
  }

  /** The call, if it is live, bridged and the actor is its rep; anything else is NOT_FOUND, like a missing call. */
  private ownLiveCall(actor: Principal, callId: string): InboundCall {
    const call = this.calls.byId(callId);
    if (!call || call.phase !== 'connected' || !call.bridged || !actor.repId || call.repId !== actor.repId) throw notFound('call', callId);
    return call;
  }

  private feedByCall(callId: string | undefined, event: EscalationEvent): void {
    const escalation = callId ? this.byCall.get(callId) : undefined;
    if (escalation) this.feed(escalation, event);
    else if (event.type === 'target-answered') void this.ari.hangup(event.channelId).catch(() => undefined);
  }

  private onChannelGone(channelId: string, reason: string): void {
    for (const escalation of this.byCall.values()) {
      if (escalation.state.legChannelId === channelId) {
        this.releaseTarget(escalation, reason);
        this.feed(escalation, { type: 'target-gone', channelId, reason });
      } else if (escalation.clientChannelId === channelId) {
        // The strong seller's leg is hung up next and no longer found here: free them now.
        this.releaseTarget(escalation, 'the client hung up');
        this.feed(escalation, { type: 'call-ended' });
        this.byCall.delete(escalation.call.callId);
      }
    }
  }

  /** The strong seller's roster state once their leg is gone before a hand-over. */
  private releaseTarget(escalation: Escalation, reason: string): void {
    const { state } = escalation;
    if (!state.toRepId || (state.phase !== 'ringing' && state.phase !== 'consulting' && state.phase !== 'ended')) return;
    if (escalation.targetAnswered) this.roster.apply(state.toRepId, { type: 'call-ended' });
    else this.roster.apply(state.toRepId, { type: 'offer-failed', reason: /busy/i.test(reason) ? 'busy' : 'no-answer' });
  }

  private feed(escalation: Escalation, event: EscalationEvent): void {
    const now = new Date();
    const step = escalationTransition(escalation.state, event, now);
    const refused = step.commands.find((command) => command.type === 'refuse');
    if (refused?.type === 'refuse') throw new DomainError(refused.code, refused.message);
    escalation.state = step.state;
    if (event.type === 'target-answered' && step.state.phase === 'consulting') escalation.targetAnswered = true;
    for (const command of step.commands) this.run(escalation, command, now);
  }

  private run(escalation: Escalation, command: EscalationCommand, now: Date): void {
    const { call } = escalation;
    const failed = (what: string) => (error: unknown) => call.log.warn({ err: error, command: command.type }, `escalation: ${what} failed`);
    switch (command.type) {
      case 'hold-client':
        void this.ari.removeFromBridge(call.callId, [call.channelId]).then(() => this.ari.startMoh(call.channelId)).catch(failed('hold'));
        return;
      case 'unhold-client':
        void this.ari.stopMoh(call.channelId).catch(() => undefined).then(() => this.ari.addToBridge(call.callId, [call.channelId])).catch(failed('unhold'));
        return;
      case 'ring-target':
        return this.ringTarget(escalation, command.repId, command.channelId, now);
      case 'join-target':
        this.roster.apply(escalation.state.toRepId as string, { type: 'answered' }, now);
        void this.ari.addToBridge(call.callId, [command.channelId]).catch(failed('joining the strong seller'));
        return;
      case 'hangup':
        void this.ari.hangup(command.channelId).catch(() => undefined);
        return;
      case 'hand-over':
        return this.handOver(escalation, command.toRepId, command.toChannelId, now);
      case 'requeue-strong':
        return this.requeueStrong(escalation, now);
      case 'record':
        this.records.event(call.callId, command.event, command.at, command.data);
        return;
      case 'refuse':
        return;
    }
  }

  private ringTarget(escalation: Escalation, repId: string, channelId: string, now: Date): void {
    const { call } = escalation;
    const rep = this.roster.get(repId);
    if (!rep) return;
    this.roster.apply(repId, { type: 'offered' }, now);
    this.live.publishToRep(repId, 'call.offered', { callId: call.callId, caller: call.callerE164, rung: 'escalation', ringSeconds: this.config.rules.routing.repRingSeconds, at: now });
    call.log.info({ toRepId: repId, channelId }, 'warm escalation: ringing the strong seller');
    this.ari
      .originate({ endpoint: `PJSIP/${ringEndpoint(rep)}`, appArgs: ['escalation-leg', call.callId], callerId: call.callerE164 ?? 'unknown', timeoutSec: this.config.rules.routing.repRingSeconds, channelId, originator: escalation.fromChannelId })
      .catch((error: unknown) => {
        call.log.warn({ err: error, toRepId: repId }, 'warm escalation: originate failed');
        this.onChannelGone(channelId, 'originate failed');
      });
  }

  /** The strong seller becomes the call's rep; the mid rep's leg leaves the bridge and hangs up. */
  private handOver(escalation: Escalation, toRepId: string, toChannelId: string, now: Date): void {
    const { call } = escalation;
    const fromRepId = call.repId as string;
    const fromChannelId = escalation.fromChannelId;
    this.calls.unindex(fromChannelId);
    this.calls.index(call, 'rep', toChannelId);
    call.repId = toRepId;
    call.repTeamId = this.roster.get(toRepId)?.teamId ?? call.repTeamId;
    call.repChannelId = toChannelId;
    this.roster.apply(fromRepId, { type: 'call-ended' }, now);
    this.byCall.delete(call.callId);
    void this.ari.removeFromBridge(call.callId, [fromChannelId]).catch(() => undefined).then(() => this.ari.hangup(fromChannelId)).catch(() => undefined);
    this.records.handedOver(call, fromRepId, toRepId, now);
    call.log.info({ fromRepId, toRepId }, 'warm escalation: handed over to the strong seller');
  }

  /** Ladder: the mid rep is released; the client waits on music for the strong tier. */
  private requeueStrong(escalation: Escalation, now: Date): void {
    const { call } = escalation;
    const fromRepId = call.repId as string;
    const fromChannelId = call.repChannelId as string;
    this.calls.unindex(fromChannelId);
    Object.assign(call, { phase: 'waiting', repId: null, repTeamId: null, repChannelId: null, bridged: false, strongOnly: true, enqueuedAt: now, triedRepIds: [fromRepId] });
    this.roster.apply(fromRepId, { type: 'call-ended' }, now);
    this.byCall.delete(call.callId);
    // The bridge stays (its recording goes on); the next rep's leg joins it.
    void this.ari
      .removeFromBridge(call.callId, [call.channelId, fromChannelId])
      .catch(() => undefined)
      .then(() => Promise.all([this.ari.hangup(fromChannelId).catch(() => undefined), this.ari.startMoh(call.channelId)]))
      .catch((error: unknown) => call.log.warn({ err: error }, 'escalation: music for the requeued client failed'));
    call.log.info({ fromRepId }, 'escalation: into the strong tier ladder');
    this.router.runDispatch(now);
  }
}

function view(escalation: Escalation): EscalationView {
  const { state, call } = escalation;
  return { callId: call.callId, mode: state.mode, phase: state.phase, fromRepId: state.fromRepId, toRepId: state.toRepId };
}
