import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Slots } from '../common/concurrency/slots';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { CallDirection, CallOutcome } from './call.entity';

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

/**
 * The call record and its timeline. Writes for one call run in order on their own chain, off the
 * routing path; the unique channel id and per-call dedupe keys make every write safe to repeat.
 */
@Injectable()
export class CallJournalService {
  private readonly chains = new Map<string, Promise<void>>();
  /**
   * Calls' chains share a few of the pool's connections. Unbounded, a burst of calls holds them
   * all and queues in the pool, where waiting times out (a lost write) and the API starves.
   */
  private readonly slots = new Slots(JOURNAL_CONCURRENCY);
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'call-journal' });
  }

  /** Runs `work` after every earlier write of the same call; failures are logged, never thrown. */
  enqueue(callId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(callId) ?? Promise.resolve();
    const next = previous.then(() => this.slots.run(work)).catch((error: unknown) => this.logger.error({ err: error, callId }, 'call journal write failed'));
    this.chains.set(callId, next);
    void next.then(() => {
      if (this.chains.get(callId) === next) this.chains.delete(callId);
    });
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

  async insertStart(start: CallRecordStart): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO calls (id, direction, asterisk_channel_id, caller_e164, callee_e164, client_id, deal_id, rep_id, team_id, campaign_id, enqueued_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT ON CONSTRAINT uq_calls_asterisk_channel DO NOTHING RETURNING id`,
      [start.callId, start.direction, start.channelId, start.callerE164, start.calleeE164, start.clientId, start.dealId, start.repId ?? null, start.teamId ?? null, start.campaignId ?? null, start.enqueuedAt, start.startedAt],
    );
    const inserted = rows.length > 0;
    if (inserted) {
      await this.event(start.callId, 'call.started', start.startedAt, { direction: start.direction, caller: start.callerE164, callee: start.calleeE164 }, 'started');
      this.events.emit('call.started', { callId: start.callId, direction: start.direction, teamId: start.teamId ?? null, repId: start.repId ?? null, clientId: start.clientId, dealId: start.dealId, at: start.startedAt });
    }
    return inserted;
  }

  async attachClientAndDeal(callId: string, clientId: string | null, dealId: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE calls SET client_id = coalesce($2, client_id), deal_id = coalesce($3, deal_id) WHERE id = $1`, [callId, clientId, dealId]);
  }

  async markRinging(callId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE calls SET ringing_at = coalesce(ringing_at, $2) WHERE id = $1`, [callId, at]);
  }

  async markAnswered(callId: string, answer: { at: Date; repId: string; teamId: string | null; route: string | null; clientId: string | null; dealId: string | null }): Promise<void> {
    const rows = await this.dataSource.query(
      `UPDATE calls SET answered_at = $2, rep_id = $3, team_id = $4, route = $5 WHERE id = $1 AND answered_at IS NULL RETURNING id`,
      [callId, answer.at, answer.repId, answer.teamId, answer.route],
    );
    if (returnedRows(rows) === 0) return;
    await this.event(callId, 'call.answered', answer.at, { repId: answer.repId, route: answer.route }, 'answered');
    this.events.emit('call.answered', { callId, teamId: answer.teamId, repId: answer.repId, clientId: answer.clientId, dealId: answer.dealId, at: answer.at });
  }

  async markEnded(end: CallRecordEnd): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE calls SET ended_at = $2, outcome = $3, hangup_cause = $4, wait_seconds = $5, talk_seconds = $6,
         rep_id = coalesce($7, rep_id), team_id = coalesce($8, team_id), client_id = coalesce($9, client_id), deal_id = coalesce($10, deal_id), route = coalesce($11, route)
       WHERE id = $1 AND ended_at IS NULL RETURNING id`,
      [end.callId, end.endedAt, end.outcome, end.hangupCause, end.waitSeconds, end.talkSeconds, end.repId, end.teamId, end.clientId, end.dealId, end.route],
    );
    if (returnedRows(result) === 0) return false;
    await this.event(end.callId, 'call.ended', end.endedAt, { outcome: end.outcome, cause: end.hangupCause, waitSeconds: end.waitSeconds, talkSeconds: end.talkSeconds }, 'ended');
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

/** TypeORM's postgres driver answers UPDATE … RETURNING with [rows, count] and INSERT with rows. */
function returnedRows(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0].length;
  return Array.isArray(result) ? result.length : 0;
}
