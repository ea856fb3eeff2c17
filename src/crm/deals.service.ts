import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { requireVisible } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import { DomainEvents } from '../common/events/domain-events';
import { Rep } from '../org/rep.entity';
import { ClientsService } from './clients.service';
import { canChangeOwned, canSeeOwned, dealTransition, OwnerRef } from './crm.policy';
import { DealStageChange } from './deal-stage-change.entity';
import { Deal } from './deal.entity';
import { CreateDealDto, DealListQuery, UpdateDealDto } from './dto/crm.dto';
import { PipelineStage } from './pipeline-stage.entity';
import { PipelineStagesService } from './pipeline-stages.service';

export interface EnsureOpenDealInput {
  clientId: string;
  /** The client's owner as routing saw it; undefined reads it from the client. */
  ownerRepId?: string | null;
  callId: string;
  reason: string;
}

export interface DealView extends Deal {
  stage: PipelineStage;
}

@Injectable()
export class DealsService {
  constructor(
    @InjectRepository(Deal) private readonly deals: Repository<Deal>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly stages: PipelineStagesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * The client's open deal, or a new one in the first stage opened by this call. Safe under
   * replays and races: the INSERT does nothing on uq_deals_opened_by_call (same call again) or
   * uq_deals_client_open (another call opened one first), and the winner is re-read.
   */
  async ensureOpenDealForCall(input: EnsureOpenDealInput): Promise<{ deal: Deal; opened: boolean }> {
    const existing = await this.findOpenOrOpenedBy(input.clientId, input.callId);
    if (existing) return { deal: existing, opened: false };
    const client = await this.clients.loadWithPhones(input.clientId);
    const ownerRepId = input.ownerRepId !== undefined ? input.ownerRepId : client.ownerRepId;
    const stage = await this.stages.firstStage();
    const reason = input.reason.slice(0, 80);
    const dealId = await this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Array<{ id: string }>>(
        `INSERT INTO deals (client_id, owner_rep_id, stage_id, open_reason, opened_by_call_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
        [input.clientId, ownerRepId, stage.id, reason, input.callId],
      );
      if (rows.length === 0) return null;
      await manager.insert(DealStageChange, { dealId: rows[0].id, fromStageId: null, toStageId: stage.id, toStatus: 'open', changedByUserId: null });
      return rows[0].id;
    });
    if (!dealId) {
      const winner = await this.findOpenOrOpenedBy(input.clientId, input.callId);
      if (!winner) throw new DomainError('INVALID_STATE', 'A concurrent deal for this client was closed while opening; retry', { clientId: input.clientId });
      return { deal: winner, opened: false };
    }
    const deal = await this.deals.findOneByOrFail({ id: dealId });
    this.events.emit('deal.opened', { dealId, clientId: deal.clientId, ownerRepId: deal.ownerRepId, reason, at: deal.openedAt });
    return { deal, opened: true };
  }

  async get(actor: Principal, id: string): Promise<DealView> {
    const { deal } = await this.requireVisibleDeal(actor, id);
    return this.withStage(deal);
  }

  async list(actor: Principal, query: DealListQuery): Promise<Deal[]> {
    const qb = this.deals
      .createQueryBuilder('deal')
      .leftJoin(Rep, 'owner', 'owner.id = deal.ownerRepId')
      .orderBy('deal.openedAt', 'DESC')
      .addOrderBy('deal.id', 'ASC')
      .take(query.limit ?? 50);
    if (query.clientId) qb.andWhere('deal.clientId = :clientId', { clientId: query.clientId });
    if (query.ownerRepId) qb.andWhere('deal.ownerRepId = :ownerRepId', { ownerRepId: query.ownerRepId });
    if (query.status) qb.andWhere('deal.status = :status', { status: query.status });
    if (actor.role === 'rep') qb.andWhere('deal.ownerRepId = :self', { self: actor.repId });
    else if (actor.role !== 'admin') qb.andWhere('(owner.teamId = :team OR deal.ownerRepId IS NULL)', { team: actor.teamId });
    return qb.getMany();
  }

  async create(actor: Principal, dto: CreateDealDto): Promise<DealView> {
    const client = await this.clients.loadWithPhones(dto.clientId);
    // Named in the body: a client the actor may not change answers like one that does not exist.
    if (!canChangeOwned(actor, await this.clients.ownerOf(client.ownerRepId))) throw notFound('client', dto.clientId);
    const ownerRepId = dto.ownerRepId ?? client.ownerRepId;
    if (dto.ownerRepId) {
      if (actor.role === 'rep' && dto.ownerRepId !== actor.repId) throw forbidden('A rep opens deals for themselves');
      await this.clients.requireVisibleRep(actor, dto.ownerRepId);
    }
    const stage = dto.stageKey ? await this.stages.requireActive({ stageKey: dto.stageKey }) : await this.stages.firstStage();
    const reason = dto.reason ?? 'manual';
    const deal = await this.dataSource
      .transaction(async (manager) => {
        const saved = await manager.save(Deal, manager.create(Deal, { clientId: client.id, ownerRepId, stageId: stage.id, amount: String(dto.amount ?? 0), currency: dto.currency ?? 'EUR', openReason: reason }));
        await manager.insert(DealStageChange, { dealId: saved.id, fromStageId: null, toStageId: stage.id, toStatus: 'open', changedByUserId: actor.userId });
        return saved;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'uq_deals_client_open')) throw new DomainError('CONFLICT', 'This client already has an open deal', { clientId: client.id });
        throw error;
      });
    await this.audit.record({ actor, action: 'deal.create', entityType: 'deal', entityId: deal.id, details: { clientId: client.id, stage: stage.key, ownerRepId } });
    this.events.emit('deal.opened', { dealId: deal.id, clientId: client.id, ownerRepId, reason, at: deal.openedAt });
    return this.withStage(await this.requireDeal(deal.id));
  }

  /** Moves a stage or closes the deal; the row is locked so two closes cannot both win. */
  async update(actor: Principal, id: string, dto: UpdateDealDto): Promise<DealView> {
    if (dto.stageId && dto.stageKey) throw new DomainError('VALIDATION_FAILED', 'Give stageId or stageKey, not both');
    const { owner } = await this.requireVisibleDeal(actor, id);
    if (!canChangeOwned(actor, owner)) throw forbidden('Trainers do not change deals');
    const target = dto.stageId || dto.stageKey ? await this.stages.requireActive({ stageId: dto.stageId, stageKey: dto.stageKey }) : null;
    const result = await this.dataSource.transaction(async (manager) => {
      const deal = await manager.findOne(Deal, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!deal) throw notFound('deal', id);
      const transition = dealTransition(deal, { stageId: target?.id, status: dto.status, amount: dto.amount, lostReason: dto.lostReason });
      if (!transition.ok) throw new DomainError(transition.code, transition.message, { dealId: id });
      const { next } = transition;
      const patch: Partial<Deal> = { status: next.status, stageId: next.stageId };
      if (next.amount !== undefined) patch.amount = String(next.amount);
      if (next.lostReason !== undefined) patch.lostReason = next.lostReason;
      if (next.closed) patch.closedAt = new Date();
      if (next.stageId !== deal.stageId) patch.stageChangedAt = new Date();
      await manager.update(Deal, { id }, patch);
      if (transition.recordsChange) {
        await manager.insert(DealStageChange, { dealId: id, fromStageId: deal.stageId, toStageId: next.stageId, toStatus: next.status, changedByUserId: actor.userId });
      }
      return { before: deal, recordsChange: transition.recordsChange };
    });
    const updated = await this.requireDeal(id);
    await this.audit.record({ actor, action: 'deal.update', entityType: 'deal', entityId: id, details: { from: { status: result.before.status, stageId: result.before.stageId }, to: { status: updated.status, stageId: updated.stageId }, amount: dto.amount, lostReason: dto.lostReason } });
    if (result.recordsChange) {
      this.events.emit('deal.stage-changed', {
        dealId: id,
        clientId: updated.clientId,
        ownerRepId: updated.ownerRepId,
        fromStageId: result.before.stageId,
        toStageId: updated.stageId,
        status: updated.status,
        at: updated.closedAt ?? updated.stageChangedAt,
      });
    }
    return this.withStage(updated);
  }

  async openDealOf(clientId: string): Promise<DealView | null> {
    const deal = await this.deals.findOne({ where: { clientId, status: 'open' } });
    return deal ? this.withStage(deal) : null;
  }

  private async findOpenOrOpenedBy(clientId: string, callId: string): Promise<Deal | null> {
    return this.deals.findOne({ where: [{ clientId, status: 'open' }, { openedByCallId: callId }], order: { openedAt: 'DESC' } });
  }

  /** A deal named in the path: one the actor may not see reads like one that does not exist. */
  private async requireVisibleDeal(actor: Principal, id: string): Promise<{ deal: Deal; owner: OwnerRef | null }> {
    const { owner } = requireVisible(await this.clients.scopeOf('deals', id), (scope) => canSeeOwned(actor, scope.owner), 'deal', id);
    return { deal: await this.requireDeal(id), owner };
  }

  private async requireDeal(id: string): Promise<Deal> {
    const deal = await this.deals.findOne({ where: { id } });
    if (!deal) throw notFound('deal', id);
    return deal;
  }

  private async withStage(deal: Deal): Promise<DealView> {
    const stage = await this.dataSource.getRepository(PipelineStage).findOneByOrFail({ id: deal.stageId });
    return Object.assign(deal, { stage });
  }
}
