import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from './client.entity';

/** A client's number, normalised to E.164; unique across the base so a caller maps to one client. */
@Entity({ name: 'client_phones' })
export class ClientPhone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId: string;

  @ManyToOne(() => Client, (client) => client.phones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id' })
  client?: Client;

  @Column({ type: 'varchar', length: 16 })
  e164: string;

  @Column({ type: 'varchar', length: 20, default: 'main' })
  label: string;
}
