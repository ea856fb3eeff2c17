import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { canSeeRep, requireVisible } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import { DomainError, notFound } from '../common/errors/domain-error';
import { isForeignKeyViolation, pgErrorOf } from '../common/errors/postgres-errors';
import { DomainEvents } from '../common/events/domain-events';
import { Rep } from '../org/rep.entity';
import { canChangeOwned } from './crm.policy';
import { TaskListQuery, UpdateTaskDto } from './dto/crm.dto';
import { Task, TASK_TYPES, TaskType } from './task.entity';

export interface CreateTaskInput {
  type: TaskType;
  clientId: string;
  dealId?: string | null;
  assigneeRepId?: string | null;
  dueAt: Date;
  reason: string;
  sourceCallId?: string | null;
  /** Deterministic, e.g. "callback:<call id>": the same fact twice never makes two tasks. */
  dedupeKey: string;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(Rep) private readonly reps: Repository<Rep>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Inserts unless a task with this dedupe key exists (uq_tasks_dedupe), then returns that one. */
  async createIfAbsent(input: CreateTaskInput): Promise<{ task: Task; created: boolean }> {
    if (!TASK_TYPES.includes(input.type)) throw new DomainError('VALIDATION_FAILED', `Unknown task type ${String(input.type)}`);
    if (!input.dedupeKey || input.dedupeKey.length > 120) throw new DomainError('VALIDATION_FAILED', 'dedupeKey must be 1-120 characters');
    if (Number.isNaN(input.dueAt.getTime())) throw new DomainError('VALIDATION_FAILED', 'dueAt is not a valid time');
    const assignee = input.assigneeRepId ?? null;
    const rows = await this.dataSource
      .query<Array<{ id: string }>>(
        `INSERT INTO tasks (type, client_id, deal_id, assignee_rep_id, assigned_at, due_at, reason, source_call_id, dedupe_key)
         VALUES ($1, $2, $3, $4, CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() END, $5, $6, $7, $8)
         ON CONFLICT ON CONSTRAINT uq_tasks_dedupe DO NOTHING RETURNING id`,
        [input.type, input.clientId, input.dealId ?? null, assignee, input.dueAt, input.reason.slice(0, 200), input.sourceCallId ?? null, input.dedupeKey],
      )
      .catch((error: unknown) => {
        const missing = missingReference(error);
        if (missing) throw new DomainError('NOT_FOUND', `Task refers to a ${missing} that does not exist`, { entity: missing });
        throw error;
      });
    if (rows.length === 0) {
      return { task: await this.tasks.findOneByOrFail({ dedupeKey: input.dedupeKey }), created: false };
    }
    const task = await this.tasks.findOneByOrFail({ id: rows[0].id });
    this.events.emit('task.created', { taskId: task.id, type: task.type, clientId: task.clientId, dealId: task.dealId, assigneeRepId: task.assigneeRepId, dueAt: task.dueAt, at: task.createdAt });
    return { task, created: true };
  }

  /** Cancels the open task with this key, if any (a task someone's later decision made redundant); true when one was. */
  async cancelOpenByKey(dedupeKey: string, now: Date): Promise<boolean> {
    const result = await this.tasks.createQueryBuilder().update(Task).set({ status: 'cancelled', completedAt: now }).where(`dedupe_key = :dedupeKey AND status = 'open'`, { dedupeKey }).execute();
    return Boolean(result.affected);
  }

  async hasOpenTask(clientId: string, types?: readonly TaskType[]): Promise<boolean> {
    return this.tasks.exists({ where: { clientId, status: 'open', ...(types && types.length > 0 ? { type: In([...types]) } : {}) } });
  }

  async openTasksOf(clientId: string): Promise<Task[]> {
    return this.tasks.find({ where: { clientId, status: 'open' }, order: { dueAt: 'ASC', id: 'ASC' } });
  }

  /** Tasks scoped like reps: a rep sees their own, supervisors/trainers their team's, admins all. */
  async list(actor: Principal, query: TaskListQuery, now: Date): Promise<Task[]> {
    const qb = this.tasks
      .createQueryBuilder('task')
      .leftJoin(Rep, 'assignee', 'assignee.id = task.assigneeRepId')
      .orderBy('task.dueAt', 'ASC')
      .addOrderBy('task.id', 'ASC')
      .take(query.limit ?? 100);
    const assignee = await this.resolveAssignee(actor, query.assignee);
    if (assignee) qb.andWhere('task.assigneeRepId = :assignee', { assignee });
    else if (actor.role !== 'admin') qb.andWhere('assignee.teamId = :team', { team: actor.teamId });
    if (query.status) qb.andWhere('task.status = :status', { status: query.status });
    if (query.overdue === true) qb.andWhere(`task.status = 'open' AND task.dueAt < :now`, { now });
    if (query.overdue === false) qb.andWhere(`NOT (task.status = 'open' AND task.dueAt < :now)`, { now });
    return qb.getMany();
  }

  /** Done or cancelled, by the assignee or whoever supervises them; an open task only, once. */
  async complete(actor: Principal, id: string, dto: UpdateTaskDto, now: Date): Promise<Task> {
    // Only the assignee or whoever supervises them reaches the task; for anyone else it does not exist.
    // Task and assignee's team come in one statement, so a hidden task costs what a missing one does.
    const [scope]: Array<{ assignee_rep_id: string | null; team_id: string | null }> = await this.dataSource.query(
      `SELECT t.assignee_rep_id, r.team_id FROM tasks t LEFT JOIN reps r ON r.id = t.assignee_rep_id WHERE t.id = $1`,
      [id],
    );
    const reachable = ({ assignee_rep_id: repId, team_id: teamId }: { assignee_rep_id: string | null; team_id: string | null }): boolean =>
      actor.role === 'rep' ? actor.repId !== null && actor.repId === repId : canChangeOwned(actor, repId && teamId ? { id: repId, teamId } : null);
    requireVisible(scope, reachable, 'task', id);
    const task = await this.tasks.findOne({ where: { id } });
    if (!task) throw notFound('task', id);
    const result = await this.tasks
      .createQueryBuilder()
      .update(Task)
      .set({ status: dto.status, completedAt: now })
      .where(`id = :id AND status = 'open'`, { id })
      .execute();
    if (!result.affected) throw new DomainError('INVALID_STATE', `Task is already ${task.status}`, { taskId: id });
    await this.audit.record({ actor, action: `task.${dto.status === 'done' ? 'done' : 'cancel'}`, entityType: 'task', entityId: id, details: { type: task.type, clientId: task.clientId } });
    return this.tasks.findOneByOrFail({ id });
  }

  private async resolveAssignee(actor: Principal, assignee: string | undefined): Promise<string | null> {
    if (assignee === 'me' || (assignee === undefined && actor.role === 'rep')) {
      if (!actor.repId) throw new DomainError('VALIDATION_FAILED', 'assignee=me needs a rep login');
      return actor.repId;
    }
    if (assignee === undefined) return null;
    const rep = await this.reps.findOne({ where: { id: assignee }, select: { id: true, teamId: true } });
    // A rep the actor may not see answers like one that does not exist: filters cannot probe ids.
    if (!rep || !canSeeRep(actor, rep)) throw notFound('rep', assignee);
    return rep.id;
  }
}

function missingReference(error: unknown): string | null {
  if (!isForeignKeyViolation(error)) return null;
  return (pgErrorOf(error)?.constraint ?? 'fk_tasks_record').replace(/^fk_tasks_/, '').replace(/_/g, ' ');
}
