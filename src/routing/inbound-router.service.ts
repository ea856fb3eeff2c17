import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CallOutcome } from '../calls/call.entity';
import { setBounded } from '../common/collections/bounded-map';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { normalizeE164 } from '../common/phone/e164';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LivePublisher } from '../live/live-publisher';
import { AriClient } from '../telephony/ari/ari.client';
import { AriUnavailableError } from '../telephony/ari/ari-errors';
import { AriChannel } from '../telephony/ari/ari-resources';
import { bridgeLegs } from './call-bridge';
import { callIdForChannel } from './call-ids';
import { CallerDirectory } from './caller-directory.service';
import { CallerFacts, CallerLookup } from './caller-lookup';
import { CallRegistry } from './call-registry';
import { dispatch, Offer, WaitingCall } from './dispatch.policy';
import { describeCause, OfferFailure, offerFailure, originateFailure } from './hangup-cause';
import { callDurations, InboundCall, newInboundCall, secondsBetween } from './inbound-call';
import { InboundCallRecords } from './inbound-call-records';
import { ringEndpoint } from './rep-endpoints';
import { RepRosterService } from './rep-roster.service';
import { RoutingMetrics } from './routing-metrics';
import { isWithinWorkingHours } from './working-hours.policy';

/** How long routing waits for the client lookup before it routes without owner knowledge. */
const LOOKUP_BUDGET_MS = 400;
/** Hang-up causes waiting for their channel's last event; more than live legs could ever need. */
export const HANGUP_CAUSES_LIMIT = 10_000;

/**
 * Inbound calls on ARI: identify the caller, walk the routing ladder (pure `dispatch`), ring reps,
 * bridge, and close every call exactly once. What a call writes goes through InboundCallRecords,
 * off this path.
 */
@Injectable()
export class InboundRouterService implements OnApplicationBootstrap, OnModuleDestroy {
  private wakeTimer: NodeJS.Timeout | null = null;
  private draining = false;
  /** A pass is running; a request meanwhile (a call it ended, say) is run after it, on fresh state. */
  private dispatching = false;
  private dispatchAgainAt: Date | null = null;
  private readonly hangupCauses = new Map<string, number>();
  private readonly logger: AppLogger;

  constructor(
    private readonly ari: AriClient,
    private readonly calls: CallRegistry,
    private readonly roster: RepRosterService,
    private readonly callers: CallerLookup,
    private readonly directory: CallerDirectory,
    private readonly records: InboundCallRecords,
    private readonly live: LivePublisher,
    private readonly metrics: RoutingMetrics,
    private readonly domainEvents: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'inbound-router' });
  }

  onApplicationBootstrap(): void {
    this.ari.events.on('StasisStart', (event) => {
      const [kind, ...rest] = event.args;
      if (kind === 'inbound') {
        this.metrics.observeDelivery(event.timestamp);
        return this.onInbound(event.channel, rest, new Date(), performance.now());
      }
      if (kind === 'rep-leg') return this.onRepAnswered(event.channel, rest[0]);
    });
    // StasisEnd is the last event a hung-up channel sends us; the cause came with the hangup request.
    this.ari.events.on('ChannelHangupRequest', (event) => {
      // Bounded: a channel whose last event is lost in a websocket gap would otherwise stay here for good.
      if (event.cause !== undefined && this.calls.byChannel(event.channel.id)) setBounded(this.hangupCauses, event.channel.id, event.cause, HANGUP_CAUSES_LIMIT);
    });
    this.ari.events.on('StasisEnd', (event) => {
      const cause = this.hangupCauses.get(event.channel.id);
      this.hangupCauses.delete(event.channel.id);
      this.onChannelGone(event.channel.id, cause, describeCause(cause));
    });
    // A channel's very last event, also for rep legs that rang and never entered Stasis (no StasisEnd).
    this.ari.events.on('ChannelDestroyed', (event) => {
      this.hangupCauses.delete(event.channel.id);
      this.onChannelGone(event.channel.id, event.cause, event.causeText);
    });
    this.roster.onRoutable(() => this.runDispatch());
  }

  onModuleDestroy(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
  }

  /** New calls go to the dialplan fallback from now on; calls in progress carry on. */
  startDraining(): void {
    this.draining = true;
  }

  activeCalls(): InboundCall[] {
    return this.calls.all();
  }

  waiting(): InboundCall[] {
    return this.calls.all().filter((call) => call.phase === 'waiting' || call.phase === 'offering' || call.phase === 'identifying');
  }

  async onInbound(channel: AriChannel, args: string[], receivedAt: Date, receivedHr: number): Promise<void> {
    if (this.calls.byChannel(channel.id)) return; // a replayed StasisStart: the call is already ours
    if (this.draining) return this.handOverToDialplan(channel.id);
    const callId = callIdForChannel(channel.id);
    const callerE164 = normalizeE164(args[0] || channel.callerNumber, this.config.sip.defaultCountry);
    const call = newInboundCall({
      callId,
      channelId: channel.id,
      callerE164,
      dialed: args[1] ?? channel.dialplan.exten,
      startedAt: receivedAt,
      receivedHr,
      log: this.logger.child({ callId, channelId: channel.id, caller: callerE164 }),
    });
    this.calls.add(call, 'client', channel.id);
    // The directory answers from memory, so the first rep usually rings within this same tick.
    const known = call.callerE164 ? this.directory.lookup(call.callerE164) : null;
    if (known === undefined) {
      await this.identifyFromDatabase(call);
      // The caller left during the lookup: finish() wrote the row and its end already.
      if (hasEnded(call)) return call.log.info('the caller left during the client lookup');
    } else if (known) applyFacts(call, known);
    // Queued before any offer is: the journal writes a call's rows in the order they were queued.
    this.records.started(call);
    if (!isWithinWorkingHours(this.config.rules.workingHours, receivedAt)) {
      await this.answerWithMoh(call).catch(() => undefined);
      return this.endWithoutRep(call, 'after-hours', 'outside working hours');
    }
    call.phase = 'waiting';
    // The rep's phone first (the originate leaves in this tick), then the caller's answer and music:
    // ringing a rep takes a SIP round trip, answering the caller's channel does not.
    this.runDispatch(receivedAt);
    this.answerWithMoh(call).catch((error: unknown) => call.log.warn({ err: error }, 'answer/MOH failed'));
    call.log.info({ dialed: call.dialed, clientId: call.clientId, ownerRepId: call.ownerRepId }, 'inbound call');
    this.publishCall(call);
  }

  private async answerWithMoh(call: InboundCall): Promise<void> {
    await this.ari.answer(call.channelId);
    // A rep quick enough to answer before this point is bridged already: no music into the bridge.
    if (call.phase === 'waiting' || call.phase === 'offering') await this.ari.startMoh(call.channelId);
  }

  /**
   * Takes over a channel another flow already answered and recorded (the NPS dialer's "put me
   * through"): it queues with the deal owner first, exactly like an inbound call from a known
   * client, and the same call record is completed when it ends.
   */
  async handOver(input: { channelId: string; callId: string; callerE164: string | null; clientId: string | null; ownerRepId: string | null; dealId: string | null; campaignId: string | null }): Promise<void> {
    if (this.calls.byChannel(input.channelId)) return;
    const now = new Date();
    const call = newInboundCall({
      callId: input.callId,
      channelId: input.channelId,
      callerE164: input.callerE164,
      dialed: '',
      startedAt: now,
      receivedHr: performance.now(),
      direction: 'dialer',
      campaignId: input.campaignId,
      log: this.logger.child({ callId: input.callId, channelId: input.channelId, handover: true }),
    });
    Object.assign(call, { clientId: input.clientId, ownerRepId: input.ownerRepId, dealId: input.dealId, phase: 'waiting' });
    this.calls.add(call, 'client', input.channelId);
    call.log.info({ ownerRepId: input.ownerRepId }, 'call handed over to routing');
    await this.ari.startMoh(input.channelId).catch((error: unknown) => call.log.warn({ err: error }, 'MOH failed'));
    this.records.handedOver(call, now, input.ownerRepId);
    this.runDispatch(now);
  }

  /** Only before the caller directory has loaded (or if it failed to): one bounded query. */
  private async identifyFromDatabase(call: InboundCall): Promise<void> {
    if (!call.callerE164) return;
    const facts = await withBudget(this.callers.find(call.callerE164), LOOKUP_BUDGET_MS).catch((error: unknown) => {
      call.log.warn({ err: error }, 'client lookup failed; routing without it');
      return null;
    });
    if (facts) applyFacts(call, facts);
  }

  /**
   * One pass of the ladder over all waiting calls; offers are executed, expiries ended. Ending a
   * call asks for another pass from inside this one: run inline, it would hand out the reps this
   * pass had already decided on, and this pass would then replay its own offers over them.
   */
  runDispatch(now = new Date()): void {
    if (this.dispatching) {
      this.dispatchAgainAt = now;
      return;
    }
    this.dispatching = true;
    try {
      let at: Date | null = now;
      while (at) {
        this.dispatchAgainAt = null;
        this.dispatchPass(at);
        at = this.dispatchAgainAt;
      }
    } finally {
      this.dispatching = false;
      this.dispatchAgainAt = null;
    }
  }

  private dispatchPass(now: Date): void {
    const waiting = this.calls.all().filter((call) => call.phase === 'waiting' || call.phase === 'offering');
    if (waiting.length === 0) return;
    const decision = dispatch(waiting.map(toWaitingCall), this.roster.list(), this.config.rules.routing, now);
    for (const callId of decision.restartRound) {
      const call = this.calls.byId(callId);
      if (call) call.triedRepIds = [];
    }
    for (const callId of decision.expired) {
      const call = this.calls.byId(callId);
      if (call) this.endWithoutRep(call, 'missed', 'maximum wait reached').catch((error: unknown) => call.log.error({ err: error }, 'ending a call past its maximum wait failed'));
    }
    for (const offer of decision.offers) {
      const call = this.calls.byId(offer.callId);
      if (call) this.startOffer(call, offer, now);
    }
    this.scheduleWake(decision.wakeAt, now);
  }

  private startOffer(call: InboundCall, offer: Offer, now: Date): void {
    const rep = this.roster.get(offer.repId);
    if (!rep) return;
    const channelId = randomUUID();
    call.phase = 'offering';
    call.offer = { repId: rep.id, channelId, rung: offer.rung, reason: offer.reason, startedAt: now };
    this.calls.index(call, 'offer', channelId);
    const originate = this.ari.originate({
      endpoint: `PJSIP/${ringEndpoint(rep)}`,
      appArgs: ['rep-leg', call.callId],
      callerId: call.callerE164 ?? 'unknown',
      timeoutSec: offer.ringSeconds,
      channelId,
      originator: call.channelId,
    });
    this.metrics.observeOfferLatency(performance.now() - call.receivedHr, call.triedRepIds.length === 0 && !call.offeredBefore);
    call.offeredBefore = true;
    // Bookkeeping after the request is on its way: the rep's phone should ring first.
    this.roster.apply(rep.id, { type: 'offered' }, now);
    call.log.info({ repId: rep.id, rung: offer.rung, reason: offer.reason, ringSeconds: offer.ringSeconds }, 'offering call to rep');
    originate.catch((error: unknown) => {
      call.log.warn({ err: error, repId: rep.id }, 'originate to rep failed');
      this.offerFailed(call, channelId, originateFailure(error));
    });
    this.records.offered(call, offer, now);
    // The rep's workspace shows the client card while the phone rings (GET /workspace/calls/:id/pop).
    this.live.publishToRep(rep.id, 'call.offered', { callId: call.callId, caller: call.callerE164, rung: offer.rung, ringSeconds: offer.ringSeconds, at: now });
    this.publishCall(call);
  }

  async onRepAnswered(channel: AriChannel, callId: string | undefined): Promise<void> {
    const call = callId ? this.calls.byId(callId) : undefined;
    if (!call || call.offer?.channelId !== channel.id || call.phase !== 'offering') {
      // Late answer (caller gone, offer withdrawn) or a stray leg after a restart: let it go.
      await this.ari.hangup(channel.id).catch(() => undefined);
      return;
    }
    const now = new Date();
    const offer = call.offer;
    const rep = this.roster.get(offer.repId);
    call.phase = 'connected';
    call.offer = null;
    call.repId = offer.repId;
    call.repTeamId = rep?.teamId ?? null;
    call.repChannelId = channel.id;
    call.route = offer.rung;
    call.answeredAt = now;
    call.bridgeId = call.callId;
    this.calls.reindex(channel.id, 'rep');
    this.roster.apply(offer.repId, { type: 'answered' }, now);
    call.log.info({ repId: offer.repId, rung: offer.rung, waitSeconds: secondsBetween(call.enqueuedAt, now) }, 'rep answered; bridging');
    // The rep's leg may go before the bridge forms; the caller then waits for the next rep.
    const movedOn = (): boolean => call.repChannelId !== channel.id;
    try {
      await this.ari.stopMoh(call.channelId).catch(() => undefined);
      await this.bridge(call, [call.channelId, channel.id], movedOn);
      if (movedOn()) return;
      call.bridged = true;
      // The caller's hangup was handled while the bridge formed: the call is closed, as not served.
      if (hasEnded(call)) return call.log.info('the caller left as the bridge formed');
    } catch (error) {
      if (movedOn() && !hasEnded(call)) {
        call.log.info({ causeText: (error as Error).message }, 'the rep left before the bridge formed');
        return;
      }
      if (error instanceof AriUnavailableError) {
        // Both legs are up in Asterisk; only our link to it is gone. Reconcile bridges them later.
        call.log.warn({ err: error }, 'bridging deferred until ARI is back');
      } else if (hasEnded(call)) {
        call.log.info({ causeText: (error as Error).message }, 'the call ended while its rep was being bridged');
        return;
      } else {
        call.log.error({ err: error }, 'bridging failed; ending the call');
        await this.ari.hangup(call.channelId).catch(() => undefined);
        return this.finish(call, 'answered', 'bridge failed');
      }
    }
    this.metrics.observeConnected();
    this.records.answered(call, offer.repId, now);
    this.domainEvents.emit('call.bridged', { callId: call.callId, bridgeId: call.bridgeId, direction: call.direction, teamId: call.repTeamId, repId: offer.repId, clientId: call.clientId, dealId: call.dealId, campaignId: call.campaignId, at: now });
    this.publishCall(call);
  }

  private bridge(call: InboundCall, channelIds: string[], movedOn: () => boolean = () => false): Promise<void> {
    return bridgeLegs(this.ari, call.callId, channelIds, { attempts: 2, onRetry: (error) => call.log.warn({ err: error }, 'bridging failed; retrying once'), callEnded: () => hasEnded(call), stopRetrying: movedOn });
  }

  /** After a reconnect: a connected call whose bridging was cut off gets its bridge now. */
  async ensureBridged(call: InboundCall): Promise<void> {
    if (call.phase !== 'connected' || call.bridged || !call.bridgeId || !call.repChannelId) return;
    await this.bridge(call, [call.channelId, call.repChannelId]);
    call.bridged = true;
    call.log.info('bridged after reconnect');
  }

  /** Any leg leaving: the caller, a ringing rep, or the connected rep. Safe to call twice. */
  onChannelGone(channelId: string, cause: number | undefined, causeText: string): void {
    const entry = this.calls.byChannel(channelId);
    if (!entry) return;
    const { call, role } = entry;
    if (role === 'offer') return this.offerFailed(call, channelId, offerFailure(cause), causeText);
    if (role === 'rep') {
      if (!call.bridged && call.phase === 'connected') return this.repLeftBeforeBridge(call, channelId, causeText);
      call.log.info({ causeText }, 'rep hung up');
      this.hangupQuietly(call.channelId);
      return this.finish(call, 'answered', `rep hangup: ${causeText}`);
    }
    call.log.info({ causeText, phase: call.phase, bridged: call.bridged }, 'caller hung up');
    if (call.phase === 'connected') {
      if (call.repChannelId) this.hangupQuietly(call.repChannelId);
      if (call.bridged) return this.finish(call, 'answered', `caller hangup: ${causeText}`);
      // The rep picked up but the caller left before hearing them: not served, so a missed call
      // (callback task), not an answered one without an answer time.
      call.answeredAt = null;
      return this.finish(call, 'abandoned', `caller hangup before the bridge: ${causeText}`);
    }
    this.withdrawOffer(call);
    this.finish(call, 'abandoned', `caller hangup: ${causeText}`);
  }

  offerFailed(call: InboundCall, channelId: string, reason: OfferFailure, causeText?: string): void {
    if (call.offer?.channelId !== channelId) return;
    const offer = call.offer;
    const now = new Date();
    call.offer = null;
    this.calls.unindex(channelId);
    call.triedRepIds.push(offer.repId);
    this.roster.apply(offer.repId, { type: 'offer-failed', reason }, now);
    call.log.info({ repId: offer.repId, reason, causeText, ringedSeconds: secondsBetween(offer.startedAt, now) }, 'rep did not take the call');
    this.records.offerFailed(call, offer, reason, now);
    if (call.phase === 'offering') {
      call.phase = 'waiting';
      this.runDispatch(now);
    }
  }

  /** The rep picked up and hung up before the caller could hear them: the caller waits for the next rep. */
  private repLeftBeforeBridge(call: InboundCall, repChannelId: string, causeText: string): void {
    const now = new Date();
    const repId = call.repId as string;
    const answeredAt = call.answeredAt ?? now;
    call.log.info({ repId, causeText }, 'rep hung up before the bridge formed; the caller waits for the next rep');
    this.calls.unindex(repChannelId);
    Object.assign(call, { phase: 'waiting', repId: null, repTeamId: null, repChannelId: null, route: null, answeredAt: null, bridgeId: null });
    call.triedRepIds.push(repId);
    this.roster.apply(repId, { type: 'call-ended' }, now);
    this.records.offerFailed(call, { repId, startedAt: answeredAt }, 'rep-hung-up', now);
    // A bridge that formed with the caller alone in it lets them go back to the app's control.
    this.ari.destroyBridge(call.callId).catch((error: unknown) => call.log.debug({ err: error }, 'bridge already gone'));
    this.ari.startMoh(call.channelId).catch((error: unknown) => call.log.warn({ err: error }, 'MOH failed'));
    this.publishCall(call);
    this.runDispatch(now);
  }

  private withdrawOffer(call: InboundCall): void {
    if (!call.offer) return;
    const { channelId, repId } = call.offer;
    call.offer = null;
    this.calls.unindex(channelId);
    this.roster.apply(repId, { type: 'offer-failed', reason: 'cancelled' });
    this.hangupQuietly(channelId);
  }

  private async endWithoutRep(call: InboundCall, outcome: CallOutcome, why: string): Promise<void> {
    if (call.phase === 'ended') return;
    this.withdrawOffer(call);
    call.log.info({ outcome, why }, 'call ends without a rep');
    this.finish(call, outcome, why);
    await this.ari.stopMoh(call.channelId).catch(() => undefined);
    await this.ari.play(call.channelId, ['sound:queue-thankyou', 'sound:vm-goodbye']).catch(() => undefined);
    // Give the caller the goodbye, then release the line.
    setTimeout(() => this.hangupQuietly(call.channelId), 3000).unref();
  }

  /** Closes the call exactly once: state, rep, bridge, journal, follow-up tasks. */
  finish(call: InboundCall, outcome: CallOutcome, cause: string, endedAt = new Date()): void {
    if (call.phase === 'ended') return;
    const wasConnected = call.phase === 'connected';
    // Still being looked up: onInbound has not queued the call's row yet, so it goes first, then its end.
    const rowQueued = call.phase !== 'identifying';
    call.phase = 'ended';
    call.outcome = outcome;
    call.hangupCause = cause.slice(0, 80);
    call.endedAt = endedAt;
    this.calls.remove(call);
    if (wasConnected && call.repId) this.roster.apply(call.repId, { type: 'call-ended' }, endedAt);
    if (call.bridgeId) void this.ari.destroyBridge(call.bridgeId).catch(() => undefined);
    const durations = callDurations(call, endedAt);
    call.log.info({ outcome, cause, ...durations }, 'call ended');
    if (!rowQueued) this.records.started(call);
    this.records.ended(call, outcome, endedAt, durations);
    this.publishCall(call);
    this.runDispatch(endedAt);
  }

  private async handOverToDialplan(channelId: string): Promise<void> {
    this.logger.info({ channelId }, 'draining: new call handed to the dialplan fallback');
    await this.ari.setChannelVar(channelId, 'SALESCALL_FALLBACK', '1').catch(() => undefined);
    await this.ari.continueInDialplan(channelId).catch((error: unknown) => this.logger.warn({ err: error, channelId }, 'continue failed'));
  }

  private scheduleWake(at: Date | null, now: Date): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    if (!at) return;
    this.wakeTimer = setTimeout(() => this.runDispatch(), Math.max(50, at.getTime() - now.getTime()));
    this.wakeTimer.unref();
  }

  /** Fire-and-forget: the leg may be gone already, which is the goal. Never rejects. */
  private hangupQuietly(channelId: string): void {
    this.ari.hangup(channelId).catch(() => undefined);
  }

  private publishCall(call: InboundCall): void {
    this.live.publish('call.update', { teamId: call.repTeamId, repId: call.repId }, {
      callId: call.callId,
      direction: 'inbound',
      phase: call.phase,
      caller: call.callerE164,
      clientId: call.clientId,
      dealId: call.dealId,
      repId: call.repId ?? call.offer?.repId ?? null,
      enqueuedAt: call.enqueuedAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      outcome: call.outcome,
    });
  }
}

/** Read through a function: the compiler narrowed `phase` before the awaits that may change it. */
function hasEnded(call: InboundCall): boolean {
  return call.phase === 'ended';
}

function applyFacts(call: InboundCall, facts: CallerFacts): void {
  call.clientId = facts.clientId;
  call.temperature = facts.temperature;
  call.ownerRepId = facts.ownerRepId;
  call.dealId = facts.dealId;
}

function toWaitingCall(call: InboundCall): WaitingCall {
  return { callId: call.callId, enqueuedAt: call.enqueuedAt, hot: call.temperature === 'hot', ownerRepId: call.ownerRepId, triedRepIds: call.triedRepIds, offering: call.phase === 'offering', strongOnly: call.strongOnly };
}

function withBudget<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
