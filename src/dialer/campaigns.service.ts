import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { canSeeTeam, requireVisible, visibleTeamIds } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { acceptsSettingsChange, campaignTransition } from './campaign-lifecycle.policy';
import { CampaignProgress, CampaignProgressService } from './campaign-progress.service';
import { defaultSettings, mergeSettings } from './campaign-settings.policy';
import { Campaign } from './campaign.entity';
import { DialScheduler } from './dialer.queue';
import { CampaignAction, CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto';
import { CsvRowError, CsvTargetRow, parseTargetsCsv } from './target-csv.parser';
import { ResolvedTarget, resolveTargetRows } from './target-scope.policy';

/** Campaigns by REST: settings, lifecycle, CSV targets, the deal-won trigger, progress. */
@Injectable()
export class CampaignsService {
  private readonly logger: AppLogger;

  constructor(
    @InjectRepository(Campaign) private readonly campaigns: Repository<Campaign>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: DialScheduler,
    private readonly progressService: CampaignProgressService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'campaigns' });
  }

  async create(actor: Principal, dto: CreateCampaignDto): Promise<Campaign> {
    const teamId = actor.role === 'admin' ? (dto.teamId ?? null) : actor.teamId;
    if (actor.role !== 'admin' && dto.teamId && dto.teamId !== actor.teamId) throw forbidden('Supervisors create campaigns for their own team');
    // Checked before the insert, as POST /users and /reps do: the foreign key would only say "500".
    if (teamId && !(await this.dataSource.query(`SELECT 1 FROM teams WHERE id = $1`, [teamId])).length) throw notFound('team', teamId);
    const merged = mergeSettings(defaultSettings(this.config.rules.outbound.callerId), dto.settings ?? {});
    if (!merged.ok) throw new DomainError('VALIDATION_FAILED', 'Invalid campaign settings', { problems: merged.problems });
    return this.campaigns.save(this.campaigns.create({ name: dto.name, trigger: dto.trigger, teamId, status: 'draft', settings: merged.settings, createdByUserId: actor.userId }));
  }

  async list(actor: Principal): Promise<Campaign[]> {
    const teams = visibleTeamIds(actor);
    const qb = this.campaigns.createQueryBuilder('c').orderBy('c.created_at', 'DESC');
    if (teams) qb.where('c.team_id = ANY(:teams)', { teams });
    return qb.getMany();
  }

  async get(actor: Principal, id: string): Promise<Campaign> {
    return requireVisible(await this.campaigns.findOne({ where: { id } }), (campaign) => canSeeTeam(actor, campaign.teamId), 'campaign', id);
  }

  async update(actor: Principal, id: string, dto: UpdateCampaignDto): Promise<Campaign> {
    const campaign = await this.get(actor, id);
    if (!acceptsSettingsChange(campaign.status)) throw new DomainError('INVALID_STATE', `A ${campaign.status} campaign cannot change`);
    if (dto.settings) {
      const merged = mergeSettings(campaign.settings, dto.settings);
      if (!merged.ok) throw new DomainError('VALIDATION_FAILED', 'Invalid campaign settings', { problems: merged.problems });
      campaign.settings = merged.settings;
    }
    if (dto.name) campaign.name = dto.name;
    return this.campaigns.save(campaign);
  }

  /** Lifecycle; start and resume (re)schedule every queued target (same ids: no duplicates). */
  async act(actor: Principal, id: string, action: CampaignAction): Promise<Campaign> {
    const campaign = await this.get(actor, id);
    const move = campaignTransition(campaign.status, action);
    if (!move.ok) throw new DomainError('INVALID_STATE', move.message, { status: campaign.status, action });
    const rows = await this.dataSource.query(`UPDATE campaigns SET status = $2 WHERE id = $1 AND status = $3 RETURNING id`, [id, move.to, campaign.status]);
    if (rows[1] === 0 || (Array.isArray(rows[0]) && rows[0].length === 0)) throw new DomainError('CONFLICT', 'The campaign changed meanwhile; reload and retry');
    campaign.status = move.to;
    this.logger.info({ campaignId: id, action, status: move.to }, 'campaign lifecycle');
    if (move.to === 'running') await this.scheduleQueued(campaign);
    this.progressService.publishSoon(id, campaign.teamId);
    return campaign;
  }

  async progress(actor: Principal, id: string): Promise<CampaignProgress> {
    await this.get(actor, id);
    return this.progressService.progress(id);
  }

  /**
   * CSV targets, all or nothing: every row is checked (format, client, deal, phone ownership, and
   * that the client is one the campaign's team may call) and every problem is reported with its
   * line; only a clean file is stored, in one transaction.
   */
  async uploadTargets(actor: Principal, id: string, csv: string): Promise<{ added: number; alreadyPresent: number }> {
    const campaign = await this.get(actor, id);
    if (campaign.trigger !== 'list') throw new DomainError('INVALID_STATE', 'Only list campaigns take uploaded targets');
    if (!acceptsSettingsChange(campaign.status)) throw new DomainError('INVALID_STATE', `A ${campaign.status} campaign takes no targets`);
    const parsed = parseTargetsCsv(csv);
    if (parsed.errors.length > 0) throw rowErrors(parsed.errors);
    const resolved = await this.resolveRows(parsed.rows, campaign.teamId);
    if (resolved.errors.length > 0) throw rowErrors(resolved.errors);
    const inserted = await this.dataSource.transaction(async (manager) => {
      const values = resolved.rows.map((row) => [row.clientId, row.dealId, row.phone]);
      const ids: Array<{ id: string }> = [];
      for (let index = 0; index < values.length; index += 1000) {
        const chunk = values.slice(index, index + 1000);
        const params: unknown[] = [id];
        const tuples = chunk.map((value) => {
          params.push(...value);
          const n = params.length;
          return `($1, $${n - 2}::uuid, $${n - 1}::uuid, $${n})`;
        });
        ids.push(...(await manager.query(`INSERT INTO campaign_targets (campaign_id, client_id, deal_id, phone) VALUES ${tuples.join(', ')} ON CONFLICT ON CONSTRAINT uq_campaign_targets_client_deal DO NOTHING RETURNING id`, params)));
      }
      return ids;
    });
    if (campaign.status === 'running') await this.scheduleQueued(campaign);
    this.progressService.publishSoon(id, campaign.teamId);
    return { added: inserted.length, alreadyPresent: resolved.rows.length - inserted.length };
  }

  /** The deal-won trigger: one target per (campaign, client, deal), called after the delay. */
  async onDealWon(event: { dealId: string; clientId: string; ownerRepId: string | null; at: Date }): Promise<number> {
    const campaigns: Campaign[] = await this.dataSource.query(
      `SELECT c.id, c.team_id AS "teamId", c.settings FROM campaigns c
       WHERE c.status = 'running' AND c.trigger = 'deal-won'
         AND (c.team_id IS NULL OR c.team_id = (SELECT team_id FROM reps WHERE id = $1))`,
      [event.ownerRepId],
    );
    let added = 0;
    for (const campaign of campaigns) {
      const [phone] = await this.dataSource.query(`SELECT e164 FROM client_phones WHERE client_id = $1 ORDER BY label = 'main' DESC, e164 LIMIT 1`, [event.clientId]);
      if (!phone) {
        this.logger.warn({ campaignId: campaign.id, clientId: event.clientId }, 'won deal without a client phone: no NPS call');
        continue;
      }
      const at = new Date(event.at.getTime() + campaign.settings.delayAfterWonSeconds * 1000);
      const rows: Array<{ id: string }> = await this.dataSource.query(
        `INSERT INTO campaign_targets (campaign_id, client_id, deal_id, phone, next_attempt_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT uq_campaign_targets_client_deal DO NOTHING RETURNING id`,
        [campaign.id, event.clientId, event.dealId, phone.e164, at],
      );
      if (rows.length === 0) continue;
      added += 1;
      await this.scheduler.schedule({ campaignId: campaign.id, targetId: rows[0].id, attemptNo: 1 }, at);
      this.logger.info({ campaignId: campaign.id, dealId: event.dealId, targetId: rows[0].id, at }, 'NPS call scheduled for a won deal');
      this.progressService.publishSoon(campaign.id, campaign.teamId);
    }
    return added;
  }

  private async scheduleQueued(campaign: Campaign): Promise<void> {
    const targets: Array<{ id: string; attempts: number; next_attempt_at: Date | null }> = await this.dataSource.query(
      `SELECT id, attempts, next_attempt_at FROM campaign_targets WHERE campaign_id = $1 AND status = 'queued'`,
      [campaign.id],
    );
    const now = new Date();
    await this.scheduler.scheduleMany(targets.map((t) => ({ data: { campaignId: campaign.id, targetId: t.id, attemptNo: t.attempts + 1 }, at: t.next_attempt_at ?? now })), now);
  }

  /** The stored facts the CSV rows name; which of them the campaign may use is target-scope.policy's call. */
  private async resolveRows(rows: CsvTargetRow[], campaignTeamId: string | null): Promise<{ rows: ResolvedTarget[]; errors: CsvRowError[] }> {
    const phones: Array<{ e164: string; client_id: string; team_id: string | null }> = await this.dataSource.query(
      `SELECT p.e164, p.client_id, r.team_id FROM client_phones p JOIN clients c ON c.id = p.client_id LEFT JOIN reps r ON r.id = c.owner_rep_id WHERE p.e164 = ANY($1)`,
      [rows.map((row) => row.phone)],
    );
    const dealIds = rows.map((row) => row.dealId).filter((d): d is string => d !== null);
    const deals: Array<{ id: string; client_id: string }> = dealIds.length ? await this.dataSource.query(`SELECT id, client_id FROM deals WHERE id = ANY($1)`, [dealIds]) : [];
    return resolveTargetRows(
      rows,
      new Map(phones.map((p) => [p.e164, { clientId: p.client_id, ownerTeamId: p.team_id }])),
      new Map(deals.map((d) => [d.id, d.client_id])),
      campaignTeamId,
    );
  }
}

function rowErrors(errors: CsvRowError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', `${errors.length} problem(s) in the CSV; nothing was imported`, { rows: errors.slice(0, 500), total: errors.length });
}
