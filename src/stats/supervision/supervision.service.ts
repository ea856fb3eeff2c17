import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { canSeeTeam } from '../../auth/access.policy';
import { Principal } from '../../auth/principal';
import { DomainError } from '../../common/errors/domain-error';
import { DomainEvents } from '../../common/events/domain-events';
import { AppLogger } from '../../common/logging/logger';
import { ROOT_LOGGER } from '../../common/logging/logging.module';
import { CallRegistry } from '../../routing/call-registry';
import { AriClient } from '../../telephony/ari/ari.client';
import { StartSupervisionDto } from './supervision.dto';
import { maySupervise, SupervisionMode, supervisionPlan } from './supervision.policy';

export interface SupervisionSession {
  sessionId: string;
  callId: string;
  mode: SupervisionMode;
  endpoint: string;
  actor: Principal;
  legChannelId: string;
  snoopChannelId: string | null;
  /** Our own bridge (listen/whisper) or the call's bridge (barge: never destroyed by us). */
  bridgeId: string;
  ownBridge: boolean;
  startedAt: Date;
  ended: boolean;
}

const LEG = 'supervision-leg';
const SNOOP = 'supervision-snoop';
/** A snoop channel enters Stasis from its own thread after POST /snoop returns; this long at most. */
const SNOOP_ARRIVAL_MS = 5_000;

/**
 * Listen / whisper / barge through ARI: a snoop channel on the rep's leg (or the call's bridge for
 * barge) mixed with a leg originated to the supervisor's softphone. Every start, refusal and end
 * is audited. Runs on the instance that holds the call (the ARI app owner).
 */
@Injectable()
export class SupervisionService implements OnApplicationBootstrap {
  private readonly sessions = new Map<string, SupervisionSession>();
  /** Snoop channels we created and wait to see in Stasis (only then can they join a bridge). */
  private readonly snoopArrivals = new Map<string, (error?: Error) => void>();
  private readonly logger: AppLogger;

  constructor(
    private readonly ari: AriClient,
    private readonly calls: CallRegistry,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'supervision' });
  }

  onApplicationBootstrap(): void {
    this.ari.events.on('StasisStart', (event) => {
      const [kind, sessionId] = event.args;
      if (kind === LEG && sessionId) this.onLegAnswered(sessionId, event.channel.id).catch((error: unknown) => this.logger.error({ err: error, sessionId }, 'joining the supervisor leg failed'));
      if (kind === SNOOP) this.snoopArrivals.get(event.channel.id)?.();
    });
    this.ari.events.on('ChannelDestroyed', (event) => {
      for (const session of this.sessions.values()) {
        if (session.legChannelId === event.channel.id || session.snoopChannelId === event.channel.id) this.endInBackground(session, 'channel gone');
      }
    });
    this.events.on('call.ended', ({ callId }) => {
      for (const session of this.sessions.values()) if (session.callId === callId) this.endInBackground(session, 'call ended');
    });
  }

  private endInBackground(session: SupervisionSession, reason: string): void {
    this.end(session, reason).catch((error: unknown) => this.logger.error({ err: error, sessionId: session.sessionId, reason }, 'ending the supervision session failed'));
  }

  list(actor: Principal): Array<Omit<SupervisionSession, 'actor'>> {
    return [...this.sessions.values()].filter((session) => actor.role === 'admin' || session.actor.userId === actor.userId).map(({ actor: _actor, ...rest }) => rest);
  }

  async start(actor: Principal, dto: StartSupervisionDto): Promise<Omit<SupervisionSession, 'actor'>> {
    const call = this.calls.byId(dto.callId);
    const details = { callId: dto.callId, mode: dto.mode, endpoint: dto.endpoint, repId: call?.repId ?? null };
    if (!call) throw new DomainError('NOT_FOUND', 'No such live call');
    if (!maySupervise(actor, call.repTeamId)) {
      await this.audit.record({ actor, action: `supervision.${dto.mode}`, entityType: 'call', entityId: dto.callId, outcome: 'denied', details });
      // The call id came in a body: another team's live call answers like one that does not exist.
      throw new DomainError('NOT_FOUND', 'No such live call');
    }
    if (call.phase !== 'connected' || !call.repChannelId || !call.bridgeId) throw new DomainError('INVALID_STATE', 'The call is not connected to a rep');
    await this.checkEndpoint(actor, dto.endpoint, call.repId);
    const sessionId = randomUUID();
    const plan = supervisionPlan(dto.mode);
    const session: SupervisionSession = {
      sessionId,
      callId: call.callId,
      mode: dto.mode,
      endpoint: dto.endpoint,
      actor,
      legChannelId: `sup-${sessionId}`,
      snoopChannelId: plan.snoop ? `snoop-${sessionId}` : null,
      bridgeId: plan.snoop ? `sup-${sessionId}` : call.bridgeId,
      ownBridge: plan.snoop !== null,
      startedAt: new Date(),
      ended: false,
    };
    this.sessions.set(sessionId, session);
    try {
      if (plan.snoop && session.snoopChannelId) {
        await this.ari.createBridge('mixing', session.bridgeId, `supervision-${sessionId}`);
        const arrived = this.arrivalOf(session.snoopChannelId);
        await this.ari.snoop(call.repChannelId, { ...plan.snoop, appArgs: [SNOOP, sessionId], snoopId: session.snoopChannelId });
        await arrived;
        await this.ari.addToBridge(session.bridgeId, [session.snoopChannelId]);
      }
      await this.ari.originate({ endpoint: `PJSIP/${dto.endpoint}`, appArgs: [LEG, sessionId], callerId: `"Supervision" <${dto.mode}>`, timeoutSec: 30, channelId: session.legChannelId });
    } catch (error) {
      if (session.snoopChannelId) this.snoopArrivals.get(session.snoopChannelId)?.(new Error('setup failed'));
      await this.end(session, 'setup failed');
      throw error;
    }
    await this.audit.record({ actor, action: `supervision.${dto.mode}`, entityType: 'call', entityId: call.callId, details: { ...details, sessionId } });
    this.logger.info({ sessionId, callId: call.callId, mode: dto.mode, userId: actor.userId }, 'supervision started');
    const { actor: _actor, ...view } = session;
    return view;
  }

  async stop(actor: Principal, sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session || (actor.role !== 'admin' && session.actor.userId !== actor.userId)) throw new DomainError('NOT_FOUND', 'No such supervision session');
    await this.end(session, 'stopped');
  }

  /**
   * Resolves when the snoop channel is in Stasis. Asterisk starts it on a thread of its own, so
   * bridging it straight after POST /snoop can meet "Channel not in Stasis application" (422).
   */
  private arrivalOf(channelId: string): Promise<void> {
    const arrival = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(new DomainError('INTERNAL', `The listening channel did not start within ${SNOOP_ARRIVAL_MS / 1000} s`)), SNOOP_ARRIVAL_MS);
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        this.snoopArrivals.delete(channelId);
        if (error) reject(error);
        else resolve();
      };
      this.snoopArrivals.set(channelId, settle);
    });
    arrival.catch(() => undefined); // awaited only once POST /snoop succeeded
    return arrival;
  }

  private async onLegAnswered(sessionId: string, channelId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session || session.ended) {
      await this.ari.hangup(channelId).catch(() => undefined);
      return;
    }
    await this.ari.addToBridge(session.bridgeId, [channelId]).catch(async (error: unknown) => {
      this.logger.warn({ err: error, sessionId }, 'supervisor leg not bridged');
      await this.end(session, 'bridge failed');
    });
  }

  /** The supervisor's softphone: an enabled rep-like account in a team they may see, not the call's own rep. */
  private async checkEndpoint(actor: Principal, endpoint: string, callRepId: string | null): Promise<void> {
    const [account] = await this.db.query(`SELECT id, team_id FROM reps WHERE sip_endpoint = $1 AND enabled`, [endpoint]);
    if (!account || !canSeeTeam(actor, account.team_id)) throw new DomainError('VALIDATION_FAILED', 'endpoint is not a softphone account of your team');
    if (account.id === callRepId) throw new DomainError('VALIDATION_FAILED', "endpoint is the call's own rep");
  }

  private async end(session: SupervisionSession, reason: string): Promise<void> {
    if (session.ended) return;
    session.ended = true;
    this.sessions.delete(session.sessionId);
    const quietly = (work: Promise<unknown>): Promise<unknown> => work.catch(() => undefined);
    await quietly(this.ari.hangup(session.legChannelId));
    if (session.snoopChannelId) await quietly(this.ari.hangup(session.snoopChannelId));
    if (session.ownBridge) await quietly(this.ari.destroyBridge(session.bridgeId));
    await this.audit.record({ actor: session.actor, action: 'supervision.end', entityType: 'call', entityId: session.callId, details: { sessionId: session.sessionId, mode: session.mode, reason, seconds: Math.round((Date.now() - session.startedAt.getTime()) / 1000) } }).catch((error: unknown) => this.logger.error({ err: error }, 'supervision end not audited'));
    this.logger.info({ sessionId: session.sessionId, reason }, 'supervision ended');
  }
}
