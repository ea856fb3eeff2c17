import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ScorecardCriterion } from './scorecard.util';

/** A trainer's (or rep's) note pinned to a moment of the call. */
@Entity({ name: 'recording_comments' })
export class RecordingComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'recording_id', type: 'uuid' })
  recordingId: string;

  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId: string | null;

  @Column({ name: 'offset_seconds', type: 'numeric', precision: 10, scale: 2 })
  offsetSeconds: string;

  @Column({ type: 'varchar', length: 2000 })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A QA form: weighted criteria, each answered with 0..maxPoints. Admins configure them. */
@Entity({ name: 'scorecard_templates' })
export class ScorecardTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  key: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'jsonb' })
  criteria: ScorecardCriterion[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One scorer's filled scorecard for one recording; scoring again replaces it. */
@Entity({ name: 'recording_scores' })
export class RecordingScore {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'recording_id', type: 'uuid' })
  recordingId: string;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId: string;

  @Column({ name: 'scorer_user_id', type: 'uuid' })
  scorerUserId: string;

  @Column({ type: 'jsonb' })
  answers: Record<string, number>;

  @Column({ type: 'numeric', precision: 5, scale: 1 })
  score: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
