import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TASK_TYPES = ['callback', 'reminder', 'follow-up', 'nps-detractor', 'call-now'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

@Entity({ name: 'tasks' })
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  type: TaskType;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId: string;

  @Column({ name: 'deal_id', type: 'uuid', nullable: true })
  dealId: string | null;

  @Column({ name: 'assignee_rep_id', type: 'uuid', nullable: true })
  assigneeRepId: string | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 12, default: 'open' })
  status: TaskStatus;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'source_call_id', type: 'uuid', nullable: true })
  sourceCallId: string | null;

  /** Deterministic key (e.g. "callback:<call id>") so repeated events never create a second task. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 120, nullable: true })
  dedupeKey: string | null;

  /** When the current assignee got the task: the overdue grace period restarts from here. */
  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  @Column({ name: 'reassigned_count', type: 'int', default: 0 })
  reassignedCount: number;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
