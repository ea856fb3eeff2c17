import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { requireVisible } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import { CallJournalService } from '../calls/call-journal.service';
import { DomainError, forbidden } from '../common/errors/domain-error';
import { DealsService } from '../crm/deals.service';
import { TasksService } from '../crm/tasks.service';
import { CallRegistry } from '../routing/call-registry';
import { RepRosterService } from '../routing/rep-roster.service';
import { WrapUpDto, WrapUpResultDto } from './dto/wrap-up.dto';
import { planWrapUp, WrapUpCommand, WrapUpFacts, WrapUpForm } from './wrap-up.policy';

interface CallRow {
  id: string;
  rep_id: string | null;
  client_id: string | null;
  deal_id: string | null;
  ended_at: Date | null;
}

interface StoredWrapUp {
  call_id: string;
  outcome: string;
  note: string | null;
  callback_at: Date | null;
  deal_id: string | null;
  deal_status: string | null;
  stage_key: string | null;
  task_ids: string[];
  created_at: Date;
}

/**
 * Saves a rep's wrap-up of their call: the deal through DealsService (its rules, its events: a
 * won deal starts the NPS dialer as any won deal does), the tasks through TasksService (keyed by
 * the call, so a second submit makes none), the record and a timeline event on the call, and the
 * end of the rep's wrap-up time. A second submit of the same call answers the first one's record.
 */
@Injectable()
export class WrapUpService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deals: DealsService,
    private readonly tasks: TasksService,
    private readonly journal: CallJournalService,
    private readonly calls: CallRegistry,
    private readonly roster: RepRosterService,
    private readonly audit: AuditService,
  ) {}

  async wrapUp(actor: Principal, callId: string, dto: WrapUpDto, now = new Date()): Promise<WrapUpResultDto> {
    if (actor.role !== 'rep' || !actor.repId) throw forbidden('Only the rep who took the call wraps it up');
    const repId = actor.repId;
    const [row] = await this.db.query<CallRow[]>(`SELECT id, rep_id, client_id, deal_id, ended_at FROM calls WHERE id = $1`, [callId]);
    const call = requireVisible(row, (found) => found.rep_id === repId, 'call', callId);
    const stored = await this.stored(callId);
    if (stored) return view(stored, true, this.roster.get(repId)?.state ?? null);
    if (!call.ended_at || this.calls.byId(callId)) throw new DomainError('INVALID_STATE', 'The call is still in progress; wrap it up after it ends', { callId });
    const form = toForm(dto);
    const facts = await this.facts(call, repId);
    const plan = planWrapUp(form, facts, now);
    if (!plan.ok) throw new DomainError(plan.code, plan.message, { callId });
    const taskIds: string[] = [];
    let dealStatus = facts.deal?.status ?? null;
    for (const command of plan.commands) {
      if (command.type === 'update-deal') dealStatus = (await this.deals.update(actor, command.dealId, command.change)).status;
      if (command.type === 'cancel-reminder') await this.tasks.cancelOpenByKey(command.dedupeKey, now);
      if (command.type === 'create-task') taskIds.push((await this.tasks.createIfAbsent({ ...command.task, assigneeRepId: repId, sourceCallId: callId })).task.id);
    }
    const record = await this.record(callId, repId, form, facts, dealStatus, taskIds);
    await this.journal.event(callId, 'wrap-up', now, { repId, outcome: form.outcome, note: form.note ?? null, dealId: facts.deal?.id ?? null, dealStatus, taskIds }, `wrap-up:${callId}`);
    await this.audit.record({ actor, action: 'call.wrap-up', entityType: 'call', entityId: callId, details: { outcome: form.outcome, dealStatus, taskIds } });
    if (plan.commands.some((command: WrapUpCommand) => command.type === 'end-wrap-up')) this.roster.apply(repId, { type: 'resume' }, now);
    return view(record.stored, !record.inserted, this.roster.get(repId)?.state ?? null);
  }

  private async facts(call: CallRow, repId: string): Promise<WrapUpFacts> {
    const [deal] = await this.db.query<Array<{ id: string; status: 'open' | 'won' | 'lost'; amount: string }>>(
      `SELECT id, status, amount FROM deals WHERE id = $1 OR (client_id = $2 AND status = 'open') ORDER BY (id = $1) DESC NULLS LAST LIMIT 1`,
      [call.deal_id, call.client_id],
    );
    return {
      callId: call.id,
      clientId: call.client_id,
      deal: deal ? { id: deal.id, status: deal.status, amount: Number(deal.amount) } : null,
      repState: this.roster.get(repId)?.state ?? 'offline',
    };
  }

  private async record(callId: string, repId: string, form: WrapUpForm, facts: WrapUpFacts, dealStatus: string | null, taskIds: string[]): Promise<{ stored: StoredWrapUp; inserted: boolean }> {
    const inserted = await this.db.query<StoredWrapUp[]>(
      `INSERT INTO call_wrap_ups (call_id, rep_id, outcome, note, callback_at, deal_id, deal_status, stage_key, lost_reason, task_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT ON CONSTRAINT pk_call_wrap_ups DO NOTHING RETURNING *`,
      [callId, repId, form.outcome, form.note ?? null, form.callbackAt ?? null, facts.deal?.id ?? null, dealStatus, form.stageKey ?? null, form.lostReason ?? null, taskIds],
    );
    if (inserted[0]) return { stored: inserted[0], inserted: true };
    // A concurrent submit of the same call stored first: its record stands.
    return { stored: (await this.stored(callId)) as StoredWrapUp, inserted: false };
  }

  private async stored(callId: string): Promise<StoredWrapUp | null> {
    const [row] = await this.db.query<StoredWrapUp[]>(`SELECT * FROM call_wrap_ups WHERE call_id = $1`, [callId]);
    return row ?? null;
  }
}

function toForm(dto: WrapUpDto): WrapUpForm {
  return {
    outcome: dto.outcome,
    note: dto.note,
    callbackAt: dto.callbackAt ? new Date(dto.callbackAt) : undefined,
    lostReason: dto.lostReason,
    amount: dto.amount,
    stageKey: dto.stageKey,
    nextTask: dto.nextTask ? { reason: dto.nextTask.reason, dueAt: new Date(dto.nextTask.dueAt) } : undefined,
  };
}

function view(stored: StoredWrapUp, replayed: boolean, repState: string | null): WrapUpResultDto {
  return {
    callId: stored.call_id,
    outcome: stored.outcome,
    note: stored.note,
    callbackAt: stored.callback_at ? new Date(stored.callback_at).toISOString() : null,
    dealId: stored.deal_id,
    dealStatus: stored.deal_status,
    stageKey: stored.stage_key,
    taskIds: stored.task_ids,
    savedAt: new Date(stored.created_at).toISOString(),
    replayed,
    repState,
  };
}
