import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  Assignment,
  COOL_TO_COLD_AFTER_DAYS,
  COOL_TO_WARM_AFTER_DAYS,
  OverdueTask,
  planAssignments,
  planRedistribution,
  Reassignment,
  RepCandidate,
  RepLoad,
  UnownedWork,
} from './distribution.policy';

/** One run touches at most this many records per kind, so a backlog drains over several runs. */
const BATCH = 500;

export interface MaintenanceSummary {
  cooled: number;
  reassigned: number;
  ownershipMoved: number;
  leadsAssigned: number;
  tasksAssigned: number;
}

/** SQL for "still a lead": an open deal, or no deal at all (closed-only clients are customers). */
const IS_LEAD = `(EXISTS (SELECT 1 FROM deals d WHERE d.client_id = c.id AND d.status = 'open') OR NOT EXISTS (SELECT 1 FROM deals d WHERE d.client_id = c.id))`;

/**
 * Executes the distribution plans. Every write is conditional on the state the plan was made
 * from (assignee, owner, count), so a run racing another run or a rep's own action skips the
 * record instead of overwriting it.
 */
@Injectable()
export class DistributionService {
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ module: 'crm-distribution' });
  }

  async runMaintenance(now: Date): Promise<MaintenanceSummary> {
    const cooled = await this.coolTemperatures(now);
    const redistribution = await this.redistributeOverdue(now);
    const assignment = await this.assignUnownedWork(now);
    const summary = { cooled, ...redistribution, ...assignment };
    if (cooled + redistribution.reassigned + assignment.leadsAssigned + assignment.tasksAssigned > 0) this.logger.info(summary, 'crm maintenance');
    return summary;
  }

  /** Same thresholds as cooledTemperature, applied in bulk; idempotent. */
  async coolTemperatures(now: Date): Promise<number> {
    const day = 24 * 3600 * 1000;
    const [, cold] = await this.dataSource.query(`UPDATE clients SET temperature = 'cold', updated_at = now() WHERE temperature <> 'cold' AND last_contact_at <= $1`, [new Date(now.getTime() - COOL_TO_COLD_AFTER_DAYS * day)]);
    const [, warm] = await this.dataSource.query(`UPDATE clients SET temperature = 'warm', updated_at = now() WHERE temperature = 'hot' AND last_contact_at <= $1`, [new Date(now.getTime() - COOL_TO_WARM_AFTER_DAYS * day)]);
    return Number(cold) + Number(warm);
  }

  async redistributeOverdue(now: Date): Promise<{ reassigned: number; ownershipMoved: number }> {
    const rules = this.config.rules.routing;
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT t.id, t.client_id, t.assignee_rep_id, t.due_at, t.assigned_at, t.reassigned_count, c.owner_rep_id
         FROM tasks t JOIN clients c ON c.id = t.client_id
        WHERE t.status = 'open' AND t.assignee_rep_id IS NOT NULL AND NOT c.do_not_call AND t.due_at <= $1
        ORDER BY t.due_at, t.id LIMIT ${BATCH}`,
      [new Date(now.getTime() - rules.taskOverdueReassignMinutes * 60_000)],
    );
    const tasks: OverdueTask[] = rows.map((row) => ({
      id: String(row.id),
      clientId: String(row.client_id),
      assigneeRepId: String(row.assignee_rep_id),
      dueAt: new Date(row.due_at as string),
      assignedAt: row.assigned_at ? new Date(row.assigned_at as string) : null,
      reassignedCount: Number(row.reassigned_count),
      clientOwnerRepId: (row.owner_rep_id as string | null) ?? null,
    }));
    if (tasks.length === 0) return { reassigned: 0, ownershipMoved: 0 };
    const plan = planRedistribution(tasks, await this.repCandidates(), await this.loads(), now, rules);
    const byId = new Map(tasks.map((task) => [task.id, task]));
    let reassigned = 0;
    let ownershipMoved = 0;
    for (const move of plan) {
      const applied = await this.applyReassignment(move, byId.get(move.taskId) as OverdueTask, now);
      if (applied.task) reassigned += 1;
      if (applied.owner) ownershipMoved += 1;
    }
    return { reassigned, ownershipMoved };
  }

  async assignUnownedWork(now: Date): Promise<{ leadsAssigned: number; tasksAssigned: number }> {
    const leads = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT c.id FROM clients c WHERE c.owner_rep_id IS NULL AND NOT c.do_not_call AND ${IS_LEAD} ORDER BY c.created_at, c.id LIMIT ${BATCH}`,
    );
    const tasks = await this.dataSource.query<Array<{ id: string; client_id: string; team_id: string | null }>>(
      `SELECT t.id, t.client_id, coalesce(dr.team_id, cr.team_id) AS team_id
         FROM tasks t JOIN clients c ON c.id = t.client_id
         LEFT JOIN deals d ON d.id = t.deal_id LEFT JOIN reps dr ON dr.id = d.owner_rep_id
         LEFT JOIN reps cr ON cr.id = c.owner_rep_id
        WHERE t.status = 'open' AND t.assignee_rep_id IS NULL AND t.type = 'callback' AND NOT c.do_not_call
        ORDER BY t.due_at, t.id LIMIT ${BATCH}`,
    );
    if (leads.length === 0 && tasks.length === 0) return { leadsAssigned: 0, tasksAssigned: 0 };
    const work: UnownedWork[] = [
      ...leads.map((lead): UnownedWork => ({ kind: 'lead', id: lead.id, clientId: lead.id, preferredTeamId: null })),
      ...tasks.map((task): UnownedWork => ({ kind: 'task', id: task.id, clientId: task.client_id, preferredTeamId: task.team_id })),
    ];
    let leadsAssigned = 0;
    let tasksAssigned = 0;
    for (const assignment of planAssignments(work, await this.repCandidates(), await this.loads())) {
      if (assignment.kind === 'lead' && (await this.assignLead(assignment))) leadsAssigned += 1;
      if (assignment.kind === 'task' && (await this.assignTask(assignment, now))) tasksAssigned += 1;
    }
    return { leadsAssigned, tasksAssigned };
  }

  /** Open tasks and owned leads per rep, the measure "least loaded" compares. */
  async loads(): Promise<Map<string, RepLoad>> {
    const rows = await this.dataSource.query<Array<{ id: string; open_tasks: number; owned_leads: number }>>(
      `SELECT r.id,
              (SELECT count(*)::int FROM tasks t WHERE t.assignee_rep_id = r.id AND t.status = 'open') AS open_tasks,
              (SELECT count(*)::int FROM clients c WHERE c.owner_rep_id = r.id AND NOT c.do_not_call AND ${IS_LEAD}) AS owned_leads
         FROM reps r`,
    );
    return new Map(rows.map((row) => [row.id, { openTasks: row.open_tasks, ownedLeads: row.owned_leads }]));
  }

  private async repCandidates(): Promise<RepCandidate[]> {
    return this.dataSource.query<RepCandidate[]>(`SELECT id, team_id AS "teamId", tier, enabled FROM reps ORDER BY id`);
  }

  private async applyReassignment(move: Reassignment, task: OverdueTask, now: Date): Promise<{ task: boolean; owner: boolean }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [moved] = await manager.query<Array<unknown[]>>(
        `UPDATE tasks SET assignee_rep_id = $1, assigned_at = $2, reassigned_count = reassigned_count + 1
          WHERE id = $3 AND status = 'open' AND assignee_rep_id = $4 AND reassigned_count = $5 RETURNING id`,
        [move.toRepId, now, move.taskId, move.fromRepId, task.reassignedCount],
      );
      if (moved.length === 0) return { task: false, owner: false };
      if (!move.moveOwnership) return { task: true, owner: false };
      const [owned] = await manager.query<Array<unknown[]>>(
        `UPDATE clients SET owner_rep_id = $1, updated_at = now() WHERE id = $2 AND owner_rep_id IS NOT DISTINCT FROM $3 RETURNING id`,
        [move.toRepId, move.clientId, task.clientOwnerRepId],
      );
      if (owned.length > 0) {
        await manager.query(`UPDATE deals SET owner_rep_id = $1 WHERE client_id = $2 AND status = 'open' AND owner_rep_id IS NOT DISTINCT FROM $3`, [move.toRepId, move.clientId, task.clientOwnerRepId]);
      }
      return { task: true, owner: owned.length > 0 };
    });
    if (!outcome.task) return outcome;
    await this.audit.record({ actor: null, action: 'task.reassign', entityType: 'task', entityId: move.taskId, details: { fromRepId: move.fromRepId, toRepId: move.toRepId, reason: move.reason } });
    if (outcome.owner) {
      await this.audit.record({
        actor: null,
        action: 'client.owner-move',
        entityType: 'client',
        entityId: move.clientId,
        details: { fromRepId: task.clientOwnerRepId, toRepId: move.toRepId, reason: `task ${move.taskId} reassigned ${task.reassignedCount + 1} times` },
      });
    }
    this.events.emit('task.reassigned', { taskId: move.taskId, fromRepId: move.fromRepId, toRepId: move.toRepId, reason: move.reason, at: now });
    if (move.moveOwnership) this.events.emit('client.changed', { clientId: move.clientId, at: now });
    return outcome;
  }

  private async assignLead(assignment: Assignment): Promise<boolean> {
    const claimed = await this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<Array<unknown[]>>(`UPDATE clients SET owner_rep_id = $1, updated_at = now() WHERE id = $2 AND owner_rep_id IS NULL RETURNING id`, [assignment.toRepId, assignment.id]);
      if (rows.length === 0) return false;
      await manager.query(`UPDATE deals SET owner_rep_id = $1 WHERE client_id = $2 AND status = 'open' AND owner_rep_id IS NULL`, [assignment.toRepId, assignment.id]);
      return true;
    });
    if (claimed) {
      await this.audit.record({ actor: null, action: 'client.assign', entityType: 'client', entityId: assignment.id, details: { toRepId: assignment.toRepId, reason: 'unowned lead to least-loaded mid-tier rep' } });
      this.events.emit('client.changed', { clientId: assignment.id, at: new Date() });
    }
    return claimed;
  }

  private async assignTask(assignment: Assignment, now: Date): Promise<boolean> {
    const [rows] = await this.dataSource.query<Array<unknown[]>>(
      `UPDATE tasks SET assignee_rep_id = $1, assigned_at = $2 WHERE id = $3 AND status = 'open' AND assignee_rep_id IS NULL RETURNING id`,
      [assignment.toRepId, now, assignment.id],
    );
    if (rows.length === 0) return false;
    const reason = 'unassigned callback to least-loaded mid-tier rep';
    await this.audit.record({ actor: null, action: 'task.assign', entityType: 'task', entityId: assignment.id, details: { toRepId: assignment.toRepId, reason } });
    this.events.emit('task.reassigned', { taskId: assignment.id, fromRepId: null, toRepId: assignment.toRepId, reason, at: now });
    return true;
  }
}
