import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallJournalService } from '../calls/call-journal.service';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { CampaignProgressService } from './campaign-progress.service';
import { CampaignSettings } from './campaign.entity';
import { afterAttempt } from './dial.policy';
import { affected, DialerCallsService } from './dialer-calls.service';
import { DialScheduler } from './dialer.queue';
import { isAttemptLost } from './dialing-sweep.policy';

const SWEEP_INTERVAL_MS = 60_000;
const LOST_CAUSE = 'attempt lost: never finished';

interface DialingRow {
  target_id: string;
  campaign_id: string;
  team_id: string | null;
  trigger: string;
  settings: CampaignSettings;
  attempts: number;
  client_id: string;
  deal_id: string | null;
  call_id: string | null;
  started_at: Date | null;
}

/**
 * Requeues dialer targets stuck in `dialing` (see isAttemptLost): the lost attempt counts as a
 * failed one, so the target is retried or exhausted like any other, and a list campaign can still
 * complete. Runs at boot and every minute.
 */
@Injectable()
export class DialingSweepService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: AppLogger;
  /** target:attempt → when first seen dialing, for claims that never wrote an attempt row. */
  private readonly firstSeen = new Map<string, Date>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dialer: DialerCallsService,
    private readonly scheduler: DialScheduler,
    private readonly journal: CallJournalService,
    private readonly progress: CampaignProgressService,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'dialing-sweep' });
  }

  onApplicationBootstrap(): void {
    this.sweepInBackground();
    this.timer = setInterval(() => this.sweepInBackground(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns the ids of the targets it requeued or closed. */
  async sweep(now = new Date()): Promise<string[]> {
    const rows: DialingRow[] = await this.dataSource.query(
      `SELECT t.id AS target_id, t.campaign_id, k.team_id, k.trigger, k.settings, t.attempts, t.client_id, t.deal_id, a.call_id, a.started_at
       FROM campaign_targets t JOIN campaigns k ON k.id = t.campaign_id
       LEFT JOIN campaign_attempts a ON a.target_id = t.id AND a.attempt_no = t.attempts
       WHERE t.status = 'dialing'`,
    );
    const seen = new Set<string>();
    const recovered: string[] = [];
    for (const row of rows) {
      const key = `${row.target_id}:${row.attempts}`;
      seen.add(key);
      if (!this.firstSeen.has(key)) this.firstSeen.set(key, now);
      const lost = isAttemptLost({ live: this.dialer.isDialing(row.target_id), ringSeconds: row.settings.ringSeconds, startedAt: row.started_at, firstSeenAt: this.firstSeen.get(key) as Date }, now);
      if (lost && (await this.recover(row, now))) recovered.push(row.target_id);
    }
    for (const key of this.firstSeen.keys()) if (!seen.has(key)) this.firstSeen.delete(key);
    return recovered;
  }

  private async recover(row: DialingRow, now: Date): Promise<boolean> {
    const next = afterAttempt('failed', row.attempts, row.settings, now);
    const moved = await this.dataSource.transaction(async (manager) => {
      // Only if nothing moved it meanwhile (the attempt finishing late, another instance's sweep).
      const updated = await manager.query(
        `UPDATE campaign_targets SET status = $3, next_attempt_at = $4 WHERE id = $1 AND status = 'dialing' AND attempts = $2 RETURNING id`,
        [row.target_id, row.attempts, next.status, next.status === 'queued' ? next.retryAt : null],
      );
      if (affected(updated) === 0) return false;
      await manager.query(
        `INSERT INTO campaign_attempts (target_id, attempt_no, call_id, started_at, ended_at, outcome) VALUES ($1, $2, NULL, $3, $3, 'failed')
         ON CONFLICT ON CONSTRAINT uq_campaign_attempts_target_no DO UPDATE SET ended_at = coalesce(campaign_attempts.ended_at, EXCLUDED.ended_at), outcome = coalesce(campaign_attempts.outcome, EXCLUDED.outcome)`,
        [row.target_id, row.attempts, now],
      );
      return true;
    });
    if (!moved) return false;
    this.logger.warn({ targetId: row.target_id, campaignId: row.campaign_id, attempt: row.attempts, callId: row.call_id, next: next.status }, 'dialer attempt never finished; counted as failed');
    if (row.call_id) {
      await this.journal.markEnded({ callId: row.call_id, endedAt: now, outcome: 'failed', hangupCause: LOST_CAUSE, waitSeconds: 0, talkSeconds: null, repId: null, teamId: row.team_id, clientId: row.client_id, dealId: row.deal_id, route: 'dialer' });
    }
    if (next.status === 'queued') await this.scheduler.schedule({ campaignId: row.campaign_id, targetId: row.target_id, attemptNo: row.attempts + 1 }, next.retryAt, now);
    await this.dialer.completeIfDone(row.campaign_id, row.trigger);
    this.progress.publishSoon(row.campaign_id, row.team_id);
    return true;
  }

  private sweepInBackground(): void {
    this.sweep().catch((error: unknown) => this.logger.error({ err: error }, 'dialing sweep failed; tried again in a minute'));
  }
}
