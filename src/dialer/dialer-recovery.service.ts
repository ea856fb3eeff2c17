import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallJournalService } from '../calls/call-journal.service';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AriClient } from '../telephony/ari/ari.client';
import { CampaignSettings } from './campaign.entity';
import { afterAttempt, AttemptOutcome } from './dial.policy';
import { DialLimiter } from './dial-limiter';
import { DialScheduler } from './dialer.queue';

/** Attempts older than this are not looked at: no dialer call lasts a day. */
const HORIZON_HOURS = 24;

interface OpenAttempt {
  target_id: string;
  attempt_no: number;
  call_id: string;
  channel_id: string;
  answered_at: Date | null;
  campaign_id: string;
  trigger: string;
  team_id: string | null;
  settings: CampaignSettings;
  client_id: string;
  deal_id: string | null;
}

/**
 * After a restart: dialer attempts a killed process left open whose channel is gone in Asterisk
 * are finished (attempt and call closed) and their targets rescheduled, as the process would have
 * done had it seen the hang-up. Runs once, at the process's first ARI connection.
 */
@Injectable()
export class DialerRecoveryService implements OnApplicationBootstrap {
  private done = false;
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ari: AriClient,
    private readonly journal: CallJournalService,
    private readonly limiter: DialLimiter,
    private readonly scheduler: DialScheduler,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'dialer-recovery' });
  }

  onApplicationBootstrap(): void {
    const once = (): void => {
      if (this.done) return;
      this.done = true;
      this.recover().catch((error: unknown) => this.logger.error({ err: error }, 'dialer attempts not recovered after the restart'));
    };
    this.ari.events.on('connected', once);
    if (this.ari.health().state === 'connected') once();
  }

  async recover(now = new Date()): Promise<number> {
    const open: OpenAttempt[] = await this.dataSource.query(
      `SELECT a.target_id, a.attempt_no, a.call_id, c.asterisk_channel_id AS channel_id, c.answered_at, t.campaign_id, k.trigger, k.team_id, k.settings, t.client_id, t.deal_id
         FROM campaign_attempts a JOIN calls c ON c.id = a.call_id JOIN campaign_targets t ON t.id = a.target_id JOIN campaigns k ON k.id = t.campaign_id
        WHERE a.ended_at IS NULL AND a.started_at > now() - make_interval(hours => $1)`,
      [HORIZON_HOURS],
    );
    if (open.length === 0) return 0;
    const live = new Set((await this.ari.listChannels()).map((channel) => channel.id));
    const gone = open.filter((attempt) => !live.has(attempt.channel_id));
    for (const attempt of gone) await this.finish(attempt, now);
    this.logger.info({ open: open.length, finished: gone.length }, 'dialer attempts left by the previous process finished');
    return gone.length;
  }

  /** Answered: the survey was cut off (not dialed again); never answered: a failed attempt, retried by the campaign's rules. */
  private async finish(attempt: OpenAttempt, now: Date): Promise<void> {
    const outcome: AttemptOutcome = attempt.answered_at ? 'answered' : 'failed';
    const closed = await this.dataSource.query(`UPDATE campaign_attempts SET ended_at = $3, outcome = $4 WHERE target_id = $1 AND attempt_no = $2 AND ended_at IS NULL RETURNING target_id`, [attempt.target_id, attempt.attempt_no, now, outcome]);
    if (closed.length === 0) return;
    await this.limiter.release(attempt.campaign_id, `${attempt.target_id}:${attempt.attempt_no}`).catch(() => undefined);
    const talk = attempt.answered_at ? Math.max(0, Math.round((now.getTime() - attempt.answered_at.getTime()) / 1000)) : null;
    this.journal.enqueue(attempt.call_id, async () => {
      await this.journal.markEnded({ callId: attempt.call_id, endedAt: now, outcome: outcome === 'answered' ? 'answered' : 'failed', hangupCause: 'ended while the service was down', waitSeconds: 0, talkSeconds: talk, repId: null, teamId: attempt.team_id, clientId: attempt.client_id, dealId: attempt.deal_id, route: 'dialer' });
    }, 'dialer-recovered');
    const next = afterAttempt(outcome, attempt.attempt_no, attempt.settings, now);
    if (next.status === 'queued') {
      await this.dataSource.query(`UPDATE campaign_targets SET status = 'queued', next_attempt_at = $2 WHERE id = $1 AND status = 'dialing'`, [attempt.target_id, next.retryAt]);
      await this.scheduler.schedule({ campaignId: attempt.campaign_id, targetId: attempt.target_id, attemptNo: attempt.attempt_no + 1 }, next.retryAt, now);
    } else {
      await this.dataSource.query(`UPDATE campaign_targets SET status = $2, next_attempt_at = NULL WHERE id = $1 AND status = 'dialing'`, [attempt.target_id, next.status]);
      // As DialerCallsService does after a last attempt: a list campaign with nothing left completes.
      if (attempt.trigger === 'list') {
        await this.dataSource.query(
          `UPDATE campaigns SET status = 'completed' WHERE id = $1 AND status = 'running'
             AND NOT EXISTS (SELECT 1 FROM campaign_targets WHERE campaign_id = $1 AND status IN ('queued', 'dialing'))`,
          [attempt.campaign_id],
        );
      }
    }
  }
}
