import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CallOutcome } from '../calls/call.entity';
import { ClientPhone } from './client-phone.entity';

export const TEMPERATURES = ['hot', 'warm', 'cold'] as const;
export type Temperature = (typeof TEMPERATURES)[number];

@Entity({ name: 'clients' })
export class Client {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 160 })
  name: string;

  @Column({ name: 'owner_rep_id', type: 'uuid', nullable: true })
  ownerRepId: string | null;

  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;

  @Column({ name: 'do_not_call', type: 'boolean', default: false })
  doNotCall: boolean;

  @Column({ name: 'do_not_call_reason', type: 'varchar', length: 200, nullable: true })
  doNotCallReason: string | null;

  @Column({ type: 'varchar', length: 8, default: 'cold' })
  temperature: Temperature;

  @Column({ type: 'varchar', length: 40, default: 'manual' })
  source: string;

  @Column({ name: 'recording_refused', type: 'boolean', default: false })
  recordingRefused: boolean;

  /** The last call with this client, either direction and whatever its outcome (migration CrmDistribution). */
  @Column({ name: 'last_contact_at', type: 'timestamptz', nullable: true })
  lastContactAt: Date | null;

  @Column({ name: 'last_outcome', type: 'varchar', length: 12, nullable: true })
  lastOutcome: CallOutcome | null;

  @OneToMany(() => ClientPhone, (phone) => phone.client)
  phones?: ClientPhone[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
