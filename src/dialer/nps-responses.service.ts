import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { TasksService } from '../crm/tasks.service';
import { LivePublisher } from '../live/live-publisher';
import { npsCategory } from './nps.policy';

export interface ScoreInput {
  campaignId: string;
  teamId: string | null;
  targetId: string;
  clientId: string;
  dealId: string | null;
  callId: string;
  score: number;
  at: Date;
}

/** Writes a score onto the campaign, client, deal and the rep who won the deal; detractors get a callback task. */
@Injectable()
export class NpsResponsesService {
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly live: LivePublisher,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'nps-responses' });
  }

  async record(input: ScoreInput): Promise<void> {
    const [deal] = input.dealId ? await this.dataSource.query(`SELECT d.owner_rep_id, r.enabled FROM deals d LEFT JOIN reps r ON r.id = d.owner_rep_id WHERE d.id = $1`, [input.dealId]) : [];
    const repId: string | null = deal?.owner_rep_id ?? null;
    const rows = await this.dataSource.query(
      `INSERT INTO nps_responses (campaign_id, target_id, client_id, deal_id, rep_id, call_id, score, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT uq_nps_responses_target DO NOTHING RETURNING id`,
      [input.campaignId, input.targetId, input.clientId, input.dealId, repId, input.callId, input.score, input.at],
    );
    if (rows.length === 0) return; // replayed: the first score stands
    this.logger.info({ ...input, repId }, 'NPS score stored');
    this.live.publish('nps.response', { teamId: input.teamId, repId }, { campaignId: input.campaignId, clientId: input.clientId, dealId: input.dealId, repId, score: input.score, at: input.at });
    if (npsCategory(input.score) !== 'detractor') return;
    // The deal owner calls back; a disabled owner leaves the task unassigned for their team's supervisor.
    const assignee = deal?.enabled ? repId : null;
    await this.tasks.createIfAbsent({
      type: 'nps-detractor',
      clientId: input.clientId,
      dealId: input.dealId,
      assigneeRepId: assignee,
      dueAt: new Date(input.at.getTime() + 24 * 3600 * 1000),
      reason: `NPS ${input.score}/10: call the client back`,
      sourceCallId: input.callId,
      dedupeKey: `nps-detractor:${input.targetId}`,
    });
  }

  /** "Do not call me again" from the IVR: the flag every dialer and outbound path checks. */
  async markDoNotCall(clientId: string, campaignName: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE clients SET do_not_call = true, do_not_call_reason = $2, updated_at = $3 WHERE id = $1`, [clientId, `Asked in NPS survey call (${campaignName.slice(0, 120)})`, at]);
    this.logger.info({ clientId }, 'client asked not to be called again');
  }
}
