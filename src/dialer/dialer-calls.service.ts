import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallJournalService } from '../calls/call-journal.service';
import { CallOutcome } from '../calls/call.entity';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { trunkDialString } from '../outbound/outbound.policy';
import { callIdForChannel } from '../routing/call-ids';
import { InboundRouterService } from '../routing/inbound-router.service';
import { AriClient } from '../telephony/ari/ari.client';
import { AriRequestError } from '../telephony/ari/ari-errors';
import { CampaignProgressService } from './campaign-progress.service';
import { CampaignSettings, CampaignStatus } from './campaign.entity';
import { TargetStatus } from './campaign-target.entity';
import { afterAttempt, AttemptOutcome, decideDial, isSurveyable, outcomeFromCause } from './dial.policy';
import { DialLimiter } from './dial-limiter';
import { DialJobData, DialScheduler } from './dialer.queue';
import { ATTEMPT_LIFETIME_EXTRA_MS } from './dialing-sweep.policy';
import { DialerSession, IvrExecutor } from './ivr.executor';
import { NpsResponsesService } from './nps-responses.service';

interface TargetRow {
  campaign_id: string;
  campaign_name: string;
  team_id: string | null;
  campaign_status: CampaignStatus;
  trigger: string;
  settings: CampaignSettings;
  status: TargetStatus;
  attempts: number;
  client_id: string;
  deal_id: string | null;
  phone: string;
  do_not_call: boolean;
  time_zone: string;
  owner_rep_id: string | null;
}

const CALL_OUTCOME: Record<AttemptOutcome, CallOutcome> = { busy: 'busy', 'no-answer': 'no-answer', failed: 'failed', machine: 'machine', responded: 'answered', answered: 'answered', transferred: 'answered' };

/**
 * Dial jobs and the calls they make: re-check at dial time, take a pace/concurrency slot, originate
 * the client through the trunk into dialplan `dialer-amd` (AMD runs there), then run the survey
 * (pure ivr.machine via IvrExecutor). Every attempt ends exactly once and schedules its retry.
 */
@Injectable()
export class DialerCallsService implements OnApplicationBootstrap {
  private readonly sessions = new Map<string, DialerSession>();
  private readonly logger: AppLogger;

  constructor(
    private readonly ari: AriClient,
    private readonly journal: CallJournalService,
    private readonly router: InboundRouterService,
    private readonly limiter: DialLimiter,
    private readonly scheduler: DialScheduler,
    private readonly nps: NpsResponsesService,
    private readonly progress: CampaignProgressService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'dialer' });
  }

  onApplicationBootstrap(): void {
    // Legs that fail before answering never reach Stasis; the trunk endpoint subscription brings
    // their ChannelDestroyed (with the Q.850 cause: 17 busy, 19 no answer) to this app.
    // Subscribe now if the socket is already up, and on every (re)connect.
    this.ari.events.on('connected', () => this.subscribeTrunk());
    if (this.ari.health().state === 'connected') this.subscribeTrunk();
    this.ari.events.on('StasisStart', (event) => {
      if (event.args[0] === 'dialer') return this.onAnswered(event.channel.id, event.args[1] ?? '', event.args[2] ?? '');
    });
    this.ari.events.on('ChannelDtmfReceived', (event) => {
      const session = this.session(event.channel.id);
      // The trunk endpoint subscription can repeat a channel's events; a key press has one timestamp.
      const key = `${event.timestamp}|${event.digit}`;
      if (!session || session.lastDtmf === key) return;
      session.lastDtmf = key;
      session.executor.feed({ type: 'digit', digit: event.digit });
    });
    this.ari.events.on('PlaybackFinished', (event) => {
      for (const session of this.sessions.values()) if (session.executor.onPlaybackFinished(event.playback.id)) return;
    });
    this.ari.events.on('StasisEnd', (event) => this.onGone(event.channel.id, undefined));
    this.ari.events.on('ChannelDestroyed', (event) => this.onGone(event.channel.id, event.cause));
  }

  private subscribeTrunk(): void {
    void this.ari.subscribe(`endpoint:PJSIP/${this.config.rules.outbound.trunkEndpoint}`).catch((error: unknown) => this.logger.warn({ err: error }, 'trunk subscription failed'));
  }

  activeCalls(): number {
    return this.sessions.size;
  }

  /** This process runs an attempt for the target right now. */
  isDialing(targetId: string): boolean {
    for (const session of this.sessions.values()) if (session.target.id === targetId && !session.finished) return true;
    return false;
  }

  /** The dial job: everything is re-read here, nothing trusted from when the job was queued. */
  async runDialJob(job: DialJobData, now: Date): Promise<{ done: string } | { later: Date }> {
    const target = await this.loadTarget(job.targetId);
    if (!target) return { done: 'target gone' };
    const decision = decideDial({ campaignStatus: target.campaign_status, targetStatus: target.status, attempts: target.attempts, attemptNo: job.attemptNo, doNotCall: target.do_not_call, timeZone: target.time_zone, settings: target.settings }, now);
    if (decision.action === 'drop') return { done: decision.reason };
    if (decision.action === 'skip') {
      await this.dataSource.query(`UPDATE campaign_targets SET status = 'skipped', next_attempt_at = NULL WHERE id = $1 AND status = 'queued'`, [job.targetId]);
      this.logger.info({ targetId: job.targetId, campaignId: job.campaignId }, 'do-not-call at dial time: not dialed');
      await this.completeIfDone(job.campaignId, target.trigger);
      this.afterTargetChange(target);
      return { done: decision.reason };
    }
    if (decision.action === 'wait') {
      await this.dataSource.query(`UPDATE campaign_targets SET next_attempt_at = $2 WHERE id = $1`, [job.targetId, decision.until]);
      return { later: decision.until };
    }
    const member = `${job.targetId}:${job.attemptNo}`;
    const slot = await this.limiter.acquire(job.campaignId, member, { concurrency: target.settings.concurrency, callsPerSecond: target.settings.callsPerSecond, leaseMs: target.settings.ringSeconds * 1000 + ATTEMPT_LIFETIME_EXTRA_MS }, now.getTime());
    if (!slot.granted) return { later: new Date(now.getTime() + slot.retryInMs) };
    // Claim atomically, with do-not-call checked in the same statement: a flag set a moment ago still wins.
    const claimed = await this.dataSource.query(
      `UPDATE campaign_targets t SET status = 'dialing', attempts = $2, next_attempt_at = NULL
       WHERE t.id = $1 AND t.status = 'queued' AND t.attempts = $2 - 1
         AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = t.client_id AND c.do_not_call)
         AND EXISTS (SELECT 1 FROM campaigns k WHERE k.id = t.campaign_id AND k.status = 'running')
       RETURNING t.id`,
      [job.targetId, job.attemptNo],
    );
    if (affected(claimed) === 0) {
      await this.limiter.release(job.campaignId, member);
      return { done: 'moved on while checking' };
    }
    await this.dial(target, job, member, now);
    return { done: 'dialed' };
  }

  private async dial(target: TargetRow, job: DialJobData, member: string, now: Date): Promise<void> {
    const channelId = randomUUID();
    const callId = callIdForChannel(channelId);
    const log = this.logger.child({ callId, channelId, campaignId: job.campaignId, targetId: job.targetId, attempt: job.attemptNo });
    const session: DialerSession = {
      channelId, callId, member, log, target: { id: job.targetId, clientId: target.client_id, dealId: target.deal_id, phone: target.phone, ownerRepId: target.owner_rep_id },
      campaign: { id: job.campaignId, name: target.campaign_name, teamId: target.team_id, trigger: target.trigger, settings: target.settings },
      attemptNo: job.attemptNo, startedAt: now, answeredAt: null, amdStatus: null, outcome: null, handedOver: false, finished: false, lastDtmf: null,
      executor: null as unknown as IvrExecutor,
    };
    session.executor = new IvrExecutor(session, this.ari, this.router, this.nps, this.journal);
    this.sessions.set(channelId, session);
    try {
      await this.journal.insertStart({ callId, direction: 'dialer', channelId, callerE164: target.settings.callerId, calleeE164: target.phone, clientId: target.client_id, dealId: target.deal_id, campaignId: job.campaignId, enqueuedAt: null, startedAt: now });
      await this.dataSource.query(`INSERT INTO campaign_attempts (target_id, attempt_no, call_id, started_at) VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT uq_campaign_attempts_target_no DO NOTHING`, [job.targetId, job.attemptNo, callId, now]);
    } catch (error) {
      // Nothing was dialed: the session and the slot go; the target stays claimed until the dialing sweep requeues it.
      this.sessions.delete(channelId);
      await this.limiter.release(job.campaignId, member).catch(() => undefined);
      throw error;
    }
    log.info({ phone: target.phone }, 'dialing NPS survey call');
    this.afterTargetChange(target);
    try {
      await this.ari.originate({ endpoint: trunkDialString(target.phone, this.config.rules.outbound.trunkEndpoint), context: 'dialer-amd', extension: 's', priority: 1, callerId: target.settings.callerId, timeoutSec: target.settings.ringSeconds, channelId });
    } catch (error) {
      log.warn({ err: error }, 'originate failed');
      await this.finish(session, 'failed', 'originate failed');
      return;
    }
    this.watchUnanswered(session);
  }

  /**
   * Events in a websocket gap are lost, so an unanswered leg whose end we never saw is checked
   * once after its ring time: gone in Asterisk → ended as no-answer.
   */
  private watchUnanswered(session: DialerSession): void {
    const timer = setTimeout(() => {
      if (session.finished || session.answeredAt || session.amdStatus) return;
      this.ari.getChannel(session.channelId).then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof AriRequestError && error.isNotFound && !session.finished && !session.amdStatus) this.finishInBackground(session, 'no-answer', 'leg vanished unseen');
        },
      );
    }, session.campaign.settings.ringSeconds * 1000 + 15_000);
    timer.unref();
  }

  private async onAnswered(channelId: string, amdStatus: string, amdCause: string): Promise<void> {
    const session = this.session(channelId);
    if (!session) {
      // A dialer leg from before a restart: nobody holds its survey any more.
      await this.ari.hangup(channelId).catch(() => undefined);
      return;
    }
    session.amdStatus = amdStatus;
    session.log.info({ amdStatus, amdCause }, 'answered; AMD verdict');
    this.journal.enqueue(session.callId, () => this.journal.event(session.callId, 'dialer.amd', new Date(), { amdStatus, amdCause }, 'amd'));
    if (!isSurveyable(amdStatus, session.campaign.settings.notSureIsHuman)) {
      session.outcome = amdStatus === 'MACHINE' ? 'machine' : 'no-answer';
      await this.ari.hangup(channelId).catch(() => undefined);
      return;
    }
    session.answeredAt = new Date();
    session.executor.feed({ type: 'start' });
  }

  private onGone(channelId: string, cause: number | undefined): void {
    const session = this.sessions.get(channelId);
    if (!session || session.finished) return;
    session.executor.feed({ type: 'hangup' });
    const outcome: AttemptOutcome = session.handedOver ? 'transferred' : session.outcome ?? (session.answeredAt ? session.executor.outcome() : outcomeFromCause(cause));
    this.finishInBackground(session, outcome, cause === undefined ? 'stasis end' : `cause ${cause}`);
  }

  /** From an event handler: nobody awaits the end, so a database refusal is logged here, never left to reject. */
  private finishInBackground(session: DialerSession, outcome: AttemptOutcome, why: string): void {
    this.finish(session, outcome, why).catch((error: unknown) => session.log.error({ err: error, outcome, why }, 'ending the dialer attempt failed; its target stays dialing until the sweep requeues it'));
  }

  /** Ends an attempt once: slot, attempt row, call row (unless routing took it), target, retry. */
  private async finish(session: DialerSession, outcome: AttemptOutcome, why: string): Promise<void> {
    if (session.finished) return;
    session.finished = true;
    this.sessions.delete(session.channelId);
    session.executor.dispose();
    const now = new Date();
    session.log.info({ outcome, why }, 'dialer attempt ended');
    await this.limiter.release(session.campaign.id, session.member).catch(() => undefined);
    await this.dataSource.query(`UPDATE campaign_attempts SET ended_at = $3, outcome = $4, amd_status = $5 WHERE target_id = $1 AND attempt_no = $2`, [session.target.id, session.attemptNo, now, outcome, session.amdStatus]);
    if (!session.handedOver) {
      await this.journal.enqueue(session.callId, async () => {
        if (session.answeredAt) await this.dataSource.query(`UPDATE calls SET answered_at = coalesce(answered_at, $2) WHERE id = $1`, [session.callId, session.answeredAt]);
        const talk = session.answeredAt ? Math.max(0, Math.round((now.getTime() - session.answeredAt.getTime()) / 1000)) : null;
        await this.journal.markEnded({ callId: session.callId, endedAt: now, outcome: CALL_OUTCOME[outcome], hangupCause: why.slice(0, 80), waitSeconds: 0, talkSeconds: talk, repId: null, teamId: session.campaign.teamId, clientId: session.target.clientId, dealId: session.target.dealId, route: 'dialer' });
      });
    }
    const next = afterAttempt(outcome, session.attemptNo, session.campaign.settings, now);
    if (next.status === 'queued') {
      await this.dataSource.query(`UPDATE campaign_targets SET status = 'queued', next_attempt_at = $2 WHERE id = $1 AND status = 'dialing'`, [session.target.id, next.retryAt]);
      await this.scheduler.schedule({ campaignId: session.campaign.id, targetId: session.target.id, attemptNo: session.attemptNo + 1 }, next.retryAt, now);
    } else {
      await this.dataSource.query(`UPDATE campaign_targets SET status = $2, next_attempt_at = NULL WHERE id = $1 AND status = 'dialing'`, [session.target.id, next.status]);
    }
    await this.completeIfDone(session.campaign.id, session.campaign.trigger);
    this.progress.publishSoon(session.campaign.id, session.campaign.teamId);
  }

  /** A list campaign with nothing left to dial completes by itself; deal-won campaigns keep listening. */
  async completeIfDone(campaignId: string, trigger: string): Promise<void> {
    if (trigger !== 'list') return;
    await this.dataSource.query(
      `UPDATE campaigns SET status = 'completed' WHERE id = $1 AND status = 'running'
         AND NOT EXISTS (SELECT 1 FROM campaign_targets WHERE campaign_id = $1 AND status IN ('queued', 'dialing'))`,
      [campaignId],
    );
  }

  private afterTargetChange(target: TargetRow): void {
    this.progress.publishSoon(target.campaign_id, target.team_id);
  }

  private session(channelId: string): DialerSession | undefined {
    const session = this.sessions.get(channelId);
    return session && !session.handedOver && !session.finished ? session : undefined;
  }

  private async loadTarget(targetId: string): Promise<TargetRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT t.campaign_id, k.name AS campaign_name, k.team_id, k.status AS campaign_status, k.trigger, k.settings, t.status, t.attempts, t.client_id, t.deal_id, t.phone,
              c.do_not_call, c.time_zone, coalesce(d.owner_rep_id, c.owner_rep_id) AS owner_rep_id
       FROM campaign_targets t JOIN campaigns k ON k.id = t.campaign_id JOIN clients c ON c.id = t.client_id LEFT JOIN deals d ON d.id = t.deal_id
       WHERE t.id = $1`,
      [targetId],
    );
    return row ?? null;
  }
}

/** Rows an UPDATE … RETURNING touched, whichever shape the driver gave back. */
export function affected(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0].length;
  return Array.isArray(result) ? result.length : 0;
}
