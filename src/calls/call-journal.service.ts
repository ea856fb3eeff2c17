import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Slots } from '../common/concurrency/slots';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CallDirection, CallOutcome } from './call.entity';
import { nextRetry } from './journal-retry.policy';

export interface CallRecordStart {
  callId: string;
  direction: CallDirection;
  channelId: string;
  callerE164: string | null;
  calleeE164: string | null;
  clientId: string | null;
  dealId: string | null;
  repId?: string | null;
  teamId?: string | null;
  campaignId?: string | null;
  enqueuedAt: Date | null;
  startedAt: Date;
  /** Who the router took the caller for: stored as the `client.identified` event beside `call.started`. */
  identified?: Record<string, unknown>;
}

export interface CallRecordEnd {
  callId: string;
  endedAt: Date;
  outcome: CallOutcome;
  hangupCause: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  repId: string | null;
  teamId: string | null;
  clientId: string | null;
  dealId: string | null;
  route: string | null;
}

/** Journal writes running at once (the pool has 20 connections). */
const JOURNAL_CONCURRENCY = 8;

/** What /health shows of the journal: the backlog a database outage builds up, and what it cost. */
export interface JournalBacklog {
  /** Writes queued and not yet landed (waiting, running or waiting to retry). */
  pending: number;
  maxPending: number;
  /** The largest `pending` since the process started. */
  peak: number;
  /** Age of the oldest write not yet landed. */
  oldestMs: number;
  retrying: number;
  /** Writes refused because the backlog was full, and writes given up after repeated non-transient failures. */
  dropped: number;
  failed: number;
}

/**
 * The call record and its timeline. Writes for one call run in order on their own chain, off the
 * routing path; the unique channel id and per-call dedupe keys make every write safe to repeat.
 * A write that fails because PostgreSQL is unreachable is retried with backoff, in place, so the
 * call's later writes wait behind it and land in order once the database is back. The backlog is
 * bounded (JOURNAL_MAX_PENDING): a warning when it is 80 % full, an error and a counter in /health
 * for every write refused beyond it.
 */
@Injectable()
export class CallJournalService {
  private readonly chains = new Map<string, Promise<void>>();
  /**
   * Calls' chains share a few of the pool's connections. Unbounded, a burst of calls holds them
   * all and queues in the pool, where waiting times out and the API starves.
   */
  private readonly slots = new Slots(JOURNAL_CONCURRENCY);
  /** Queue time of each write not yet landed, in queue order: the first is the oldest. */
  private readonly queued = new Set<{ at: number }>();
  private readonly counts = { peak: 0, retrying: 0, dropped: 0, failed: 0 };
  private nearlyFull = false;
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    @Inject(ROOT_LOGGER) logger: AppLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.logger = logger.child({ component: 'call-journal' });
  }

  /**
   * Runs `work` after every earlier write of the same call, retrying it until it lands; never
   * throws. `work` may run more than once: it must be idempotent (unique keys, `ON CONFLICT`).
   */
  enqueue(callId: string, work: () => Promise<void>, what = 'write'): Promise<void> {
    const { maxPending } = this.config.journal;
    if (this.queued.size >= maxPending) {
      this.counts.dropped += 1;
      this.logger.error({ callId, what, pending: this.queued.size, maxPending, dropped: this.counts.dropped }, 'call journal full: write dropped');
      return this.settled(callId);
    }
    const entry = { at: Date.now() };
    this.queued.add(entry);
    this.counts.peak = Math.max(this.counts.peak, this.queued.size);
    this.warnWhenNearlyFull(maxPending);
    const previous = this.chains.get(callId) ?? Promise.resolve();
    const next: Promise<void> = previous
      .then(() => this.untilLanded(callId, what, work))
      .catch((error: unknown) => this.logger.error({ err: error, callId, what }, 'call journal write failed'))
      .finally(() => this.queued.delete(entry))
      .then(() => {
        if (this.chains.get(callId) === next) this.chains.delete(callId);
      });
    this.chains.set(callId, next);
    return next;
  }

  /** Resolves once every write queued so far for this call is done (its row exists, if queued). */
  settled(callId: string): Promise<void> {
    return this.chains.get(callId) ?? Promise.resolve();
  }

  /** Resolves once every write queued so far (for any call) is done. */
  async flush(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  backlog(now = Date.now()): JournalBacklog {
    const oldest = this.queued.values().next().value;
    return { pending: this.queued.size, maxPending: this.config.journal.maxPending, peak: this.counts.peak, oldestMs: oldest ? now - oldest.at : 0, retrying: this.counts.retrying, dropped: this.counts.dropped, failed: this.counts.failed };
  }

  private async untilLanded(callId: string, what: string, work: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.slots.run(work);
        if (attempt > 1) this.logger.info({ callId, what, attempts: attempt }, 'call journal write landed after retrying');
        return;
      } catch (error) {
        const decision = nextRetry(error, attempt, this.config.journal.retryMaxMs, Math.random());
        if (!decision.retry) {
          this.counts.failed += 1;
          this.logger.error({ err: error, callId, what, attempts: attempt }, 'call journal write given up');
          return;
        }
        if (attempt === 1) this.logger.warn({ err: error, callId, what, pending: this.queued.size }, 'call journal write failed; retrying until it lands');
        this.counts.retrying += 1;
        await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
        this.counts.retrying -= 1;
      }
    }
  }

  private warnWhenNearlyFull(maxPending: number): void {
    const pending = this.queued.size;
    if (!this.nearlyFull && pending >= maxPending * 0.8) {
      this.nearlyFull = true;
      this.logger.warn({ pending, maxPending }, 'call journal backlog over 80 % of its bound');
    } else if (this.nearlyFull && pending < maxPending * 0.5) this.nearlyFull = false;
  }

  /** The row, its `call.started` and (if given) `client.identified` events in one statement; events only if the row is new. */
  async insertStart(start: CallRecordStart): Promise<boolean> {
    const rows = await this.dataSource.query(
      `WITH c AS (
         INSERT INTO calls (id, direction, asterisk_channel_id, caller_e164, callee_e164, client_id, deal_id, rep_id, team_id, campaign_id, enqueued_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT ON CONSTRAINT uq_calls_asterisk_channel DO NOTHING RETURNING id
       ), e AS (
         INSERT INTO call_events (call_id, at, type, data, dedupe_key)
         SELECT c.id, $12, v.type, v.data, v.dedupe_key
           FROM c CROSS JOIN (VALUES (1, 'call.started', $13::jsonb, 'started'), (2, 'client.identified', $14::jsonb, 'identified')) AS v (n, type, data, dedupe_key)
          WHERE v.data IS NOT NULL ORDER BY v.n
         ON CONFLICT ON CONSTRAINT uq_call_events_dedupe DO NOTHING
       )
       SELECT id FROM c`,
      [
        start.callId, start.direction, start.channelId, start.callerE164, start.calleeE164, start.clientId, start.dealId, start.repId ?? null, start.teamId ?? null, start.campaignId ?? null, start.enqueuedAt, start.startedAt,
        JSON.stringify({ direction: start.direction, caller: start.callerE164, callee: start.calleeE164 }),
        start.identified ? JSON.stringify(start.identified) : null,
      ],
    );
    const inserted = rows.length > 0;
    if (inserted) this.events.emit('call.started', { callId: start.callId, direction: start.direction, teamId: start.teamId ?? null, repId: start.repId ?? null, clientId: start.clientId, dealId: start.dealId, at: start.startedAt });
    return inserted;
  }

  async attachClientAndDeal(callId: string, clientId: string | null, dealId: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE calls SET client_id = coalesce($2, client_id), deal_id = coalesce($3, deal_id) WHERE id = $1`, [callId, clientId, dealId]);
  }

  /** A rep's phone rings for the call: `ringing_at` (first time only) and the `offer` event, one statement. */
  async markOffered(callId: string, at: Date, offer: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(
      `WITH u AS (UPDATE calls SET ringing_at = coalesce(ringing_at, $2) WHERE id = $1 RETURNING id)
       ${EVENT_FROM('u', '$2', "'offer'", '$3', 'NULL')}`,
      [callId, at, JSON.stringify(offer)],
    );
  }

  async markAnswered(callId: string, answer: { at: Date; repId: string; teamId: string | null; route: string | null; clientId: string | null; dealId: string | null }): Promise<void> {
    const rows = await this.dataSource.query(
      `WITH u AS (UPDATE calls SET answered_at = $2, rep_id = $3, team_id = $4, route = $5 WHERE id = $1 AND answered_at IS NULL RETURNING id),
       e AS (${EVENT_FROM('u', '$2', "'call.answered'", '$6', "'answered'")})
       SELECT id FROM u`,
      [callId, answer.at, answer.repId, answer.teamId, answer.route, JSON.stringify({ repId: answer.repId, route: answer.route })],
    );
    if (rows.length === 0) return;
    this.events.emit('call.answered', { callId, teamId: answer.teamId, repId: answer.repId, clientId: answer.clientId, dealId: answer.dealId, at: answer.at });
  }

  async markEnded(end: CallRecordEnd): Promise<boolean> {
    const rows = await this.dataSource.query(
      `WITH u AS (
         UPDATE calls SET ended_at = $2, outcome = $3, hangup_cause = $4, wait_seconds = $5, talk_seconds = $6,
           rep_id = coalesce($7, rep_id), team_id = coalesce($8, team_id), client_id = coalesce($9, client_id), deal_id = coalesce($10, deal_id), route = coalesce($11, route)
         WHERE id = $1 AND ended_at IS NULL RETURNING id
       ), e AS (${EVENT_FROM('u', '$2', "'call.ended'", '$12', "'ended'")})
       SELECT id FROM u`,
      [end.callId, end.endedAt, end.outcome, end.hangupCause, end.waitSeconds, end.talkSeconds, end.repId, end.teamId, end.clientId, end.dealId, end.route, JSON.stringify({ outcome: end.outcome, cause: end.hangupCause, waitSeconds: end.waitSeconds, talkSeconds: end.talkSeconds })],
    );
    if (rows.length === 0) return false;
    this.events.emit('call.ended', { callId: end.callId, teamId: end.teamId, repId: end.repId, clientId: end.clientId, dealId: end.dealId, outcome: end.outcome, at: end.endedAt });
    return true;
  }

  /** Appends to the timeline; with a dedupe key the same fact is stored once per call. */
  async event(callId: string, type: string, at: Date, data: Record<string, unknown>, dedupeKey: string | null = null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO call_events (call_id, at, type, data, dedupe_key) VALUES ($1, $2, $3, $4, $5) ON CONFLICT ON CONSTRAINT uq_call_events_dedupe DO NOTHING`,
      [callId, at, type, JSON.stringify(data), dedupeKey],
    );
  }
}

/**
 * The timeline event that goes with a change to the call row, in the same statement: inserted for
 * the rows the CTE `source` returned (none when the change did not apply, e.g. a replay).
 */
function EVENT_FROM(source: string, at: string, type: string, data: string, dedupeKey: string): string {
  return `INSERT INTO call_events (call_id, at, type, data, dedupe_key) SELECT id, ${at}, ${type}, ${data}::jsonb, ${dedupeKey} FROM ${source}
          ON CONFLICT ON CONSTRAINT uq_call_events_dedupe DO NOTHING`;
}
