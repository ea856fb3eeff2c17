import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

@Entity({ name: 'deals' })
export class Deal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId: string;

  @Column({ name: 'owner_rep_id', type: 'uuid', nullable: true })
  ownerRepId: string | null;

  @Column({ name: 'stage_id', type: 'uuid' })
  stageId: string;

  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: DealStatus;

  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0 })
  amount: string;

  @Column({ type: 'char', length: 3, default: 'EUR' })
  currency: string;

  @Column({ name: 'open_reason', type: 'varchar', length: 80, default: 'manual' })
  openReason: string;

  /** Set when a call opened this deal: the unique key that keeps replays from opening two. */
  @Column({ name: 'opened_by_call_id', type: 'uuid', nullable: true })
  openedByCallId: string | null;

  @Column({ name: 'lost_reason', type: 'varchar', length: 200, nullable: true })
  lostReason: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'now()' })
  openedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'stage_changed_at', type: 'timestamptz', default: () => 'now()' })
  stageChangedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
