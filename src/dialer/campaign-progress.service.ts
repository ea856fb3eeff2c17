import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LivePublisher } from '../live/live-publisher';
import { npsFromCounts } from './nps.policy';

export interface CampaignProgress {
  campaignId: string;
  status: string;
  targets: number;
  queued: number;
  dialing: number;
  answered: number;
  responded: number;
  failed: number;
  skipped: number;
  attempts: number;
  responses: number;
  nps: number | null;
}

/** Progress from the database (the one truth), pushed on socket.io at most every 250 ms per campaign. */
@Injectable()
export class CampaignProgressService implements OnModuleDestroy {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly live: LivePublisher,
  ) {}

  async progress(campaignId: string): Promise<CampaignProgress> {
    const [row] = await this.dataSource.query(
      `SELECT c.status, c.team_id,
         (SELECT count(*) FROM campaign_targets t WHERE t.campaign_id = c.id)::int AS targets,
         (SELECT count(*) FROM campaign_targets t WHERE t.campaign_id = c.id AND t.status = 'queued')::int AS queued,
         (SELECT count(*) FROM campaign_targets t WHERE t.campaign_id = c.id AND t.status = 'dialing')::int AS dialing,
         (SELECT count(*) FROM campaign_targets t WHERE t.campaign_id = c.id AND t.status = 'answered')::int AS answered,
         (SELECT count(*) FROM campaign_targets t WHERE t.campaign_id = c.id AND t.status = 'responded')::int AS responded,
         (SELECT count(*) FROM campaign_targets t WHERE t.campaign_id = c.id AND t.status IN ('failed', 'exhausted'))::int AS failed,
         (SELECT count(*) FROM campaign_targets t WHERE t.campaign_id = c.id AND t.status = 'skipped')::int AS skipped,
         (SELECT coalesce(sum(t.attempts), 0) FROM campaign_targets t WHERE t.campaign_id = c.id)::int AS attempts,
         (SELECT count(*) FILTER (WHERE score >= 9) FROM nps_responses r WHERE r.campaign_id = c.id)::int AS promoters,
         (SELECT count(*) FILTER (WHERE score BETWEEN 7 AND 8) FROM nps_responses r WHERE r.campaign_id = c.id)::int AS passives,
         (SELECT count(*) FILTER (WHERE score <= 6) FROM nps_responses r WHERE r.campaign_id = c.id)::int AS detractors
       FROM campaigns c WHERE c.id = $1`,
      [campaignId],
    );
    if (!row) return { campaignId, status: 'unknown', targets: 0, queued: 0, dialing: 0, answered: 0, responded: 0, failed: 0, skipped: 0, attempts: 0, responses: 0, nps: null };
    const responses = row.promoters + row.passives + row.detractors;
    return { campaignId, status: row.status, targets: row.targets, queued: row.queued, dialing: row.dialing, answered: row.answered, responded: row.responded, failed: row.failed, skipped: row.skipped, attempts: row.attempts, responses, nps: npsFromCounts(row) };
  }

  /** A push due after shutdown would hit a closed Redis adapter. */
  onModuleDestroy(): void {
    this.closed = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** Coalesces bursts (500 targets moving at once) into one push. */
  publishSoon(campaignId: string, teamId: string | null): void {
    if (this.closed || this.pending.has(campaignId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(campaignId);
      void this.progress(campaignId)
        .then((progress) => {
          if (!this.closed) this.live.publish('campaign.progress', { teamId }, progress);
        })
        .catch(() => undefined);
    }, 250);
    timer.unref();
    this.pending.set(campaignId, timer);
  }
}
