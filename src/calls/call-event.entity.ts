import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only timeline of a call: the database refuses UPDATE (rows go only with their call). */
@Entity({ name: 'call_events' })
export class CallEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  /** Optional idempotency key, unique per call, for events that may be delivered twice. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 120, nullable: true })
  dedupeKey: string | null;
}
