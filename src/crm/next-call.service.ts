import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClientsService } from './clients.service';
import { Client } from './client.entity';
import { DealsService, DealView } from './deals.service';
import { nextCallPriority, NextCallBucket, NextCallCandidate } from './distribution.policy';
import { Task } from './task.entity';
import { TasksService } from './tasks.service';

export interface RecentCall {
  id: string;
  direction: string;
  outcome: string | null;
  talkSeconds: number | null;
  repId: string | null;
  at: Date;
}

export interface NextCall {
  bucket: NextCallBucket;
  /** The task that made this the next call, when one did. */
  taskId: string | null;
  client: Client;
  openDeal: DealView | null;
  recentCalls: RecentCall[];
  openTasks: Task[];
}

interface CandidateRow {
  id: string;
  temperature: NextCallCandidate['temperature'];
  last_contact_at: Date | null;
  is_lead: boolean;
  tasks: Array<{ id: string; type: NextCallCandidate['tasks'][number]['type']; dueAt: string }>;
  other_open_tasks: number;
}

/** "My next call": the rep's own clients and tasks, ranked by nextCallPriority, with context. */
@Injectable()
export class NextCallService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly deals: DealsService,
    private readonly tasks: TasksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async nextCallFor(actor: Principal, now: Date): Promise<NextCall> {
    if (!actor.repId) throw new DomainError('FORBIDDEN', 'Only a rep has a next call');
    const [best] = nextCallPriority(await this.candidates(actor.repId), now, this.config.rules.workspace);
    if (!best) throw new DomainError('NOT_FOUND', 'No work for you right now: no due tasks and no leads to call', { reason: 'NO_WORK' });
    const [client, openDeal, recentCalls, openTasks] = await Promise.all([
      this.clients.loadWithPhones(best.clientId),
      this.deals.openDealOf(best.clientId),
      this.recentCalls(best.clientId),
      this.tasks.openTasksOf(best.clientId),
    ]);
    return { bucket: best.bucket, taskId: best.taskId, client, openDeal, recentCalls, openTasks };
  }

  private async candidates(repId: string): Promise<NextCallCandidate[]> {
    const rows = await this.dataSource.query<CandidateRow[]>(
      `SELECT c.id, c.temperature, c.last_contact_at,
              (EXISTS (SELECT 1 FROM deals d WHERE d.client_id = c.id AND d.status = 'open')
                OR NOT EXISTS (SELECT 1 FROM deals d WHERE d.client_id = c.id)) AS is_lead,
              coalesce((SELECT json_agg(json_build_object('id', t.id, 'type', t.type, 'dueAt', t.due_at))
                          FROM tasks t WHERE t.client_id = c.id AND t.status = 'open' AND t.assignee_rep_id = $1), '[]'::json) AS tasks,
              (SELECT count(*)::int FROM tasks t WHERE t.client_id = c.id AND t.status = 'open' AND t.assignee_rep_id IS DISTINCT FROM $1) AS other_open_tasks
         FROM clients c
        WHERE NOT c.do_not_call
          AND (c.owner_rep_id = $1 OR EXISTS (SELECT 1 FROM tasks t WHERE t.client_id = c.id AND t.status = 'open' AND t.assignee_rep_id = $1))`,
      [repId],
    );
    return rows.map((row) => ({
      clientId: row.id,
      doNotCall: false,
      temperature: row.temperature,
      lastContactAt: row.last_contact_at ? new Date(row.last_contact_at) : null,
      isLead: row.is_lead,
      tasks: row.tasks.map((task) => ({ id: task.id, type: task.type, dueAt: new Date(task.dueAt) })),
      otherOpenTasks: row.other_open_tasks,
    }));
  }

  private async recentCalls(clientId: string): Promise<RecentCall[]> {
    return this.dataSource.query<RecentCall[]>(
      `SELECT id, direction, outcome, talk_seconds AS "talkSeconds", rep_id AS "repId", coalesce(answered_at, created_at) AS at
         FROM calls WHERE client_id = $1 ORDER BY created_at DESC LIMIT 5`,
      [clientId],
    );
  }
}
