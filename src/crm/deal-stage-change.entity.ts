import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Each move of a deal along the pipeline: the raw material of the funnel statistics. */
@Entity({ name: 'deal_stage_changes' })
export class DealStageChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'deal_id', type: 'uuid' })
  dealId: string;

  @Column({ name: 'from_stage_id', type: 'uuid', nullable: true })
  fromStageId: string | null;

  @Column({ name: 'to_stage_id', type: 'uuid', nullable: true })
  toStageId: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 8 })
  toStatus: string;

  @Column({ name: 'changed_by_user_id', type: 'uuid', nullable: true })
  changedByUserId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
