import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'dialer'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_OUTCOMES = [
  'answered',
  'abandoned',
  'missed',
  'no-answer',
  'busy',
  'failed',
  'machine',
  'after-hours',
  'rejected',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

@Entity({ name: 'calls' })
export class Call {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 8 })
  direction: CallDirection;

  /** The client-side Asterisk channel: one call record per channel, whatever events repeat. */
  @Column({ name: 'asterisk_channel_id', type: 'varchar', length: 64 })
  asteriskChannelId: string;

  @Column({ name: 'caller_e164', type: 'varchar', length: 16, nullable: true })
  callerE164: string | null;

  @Column({ name: 'callee_e164', type: 'varchar', length: 16, nullable: true })
  calleeE164: string | null;

  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId: string | null;

  @Column({ name: 'rep_id', type: 'uuid', nullable: true })
  repId: string | null;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ name: 'deal_id', type: 'uuid', nullable: true })
  dealId: string | null;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  /** Which rung of the routing ladder connected the call: owner, strong, mid, queue, click-to-call… */
  @Column({ type: 'varchar', length: 24, nullable: true })
  route: string | null;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ name: 'ringing_at', type: 'timestamptz', nullable: true })
  ringingAt: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'wait_seconds', type: 'int', nullable: true })
  waitSeconds: number | null;

  @Column({ name: 'talk_seconds', type: 'int', nullable: true })
  talkSeconds: number | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  outcome: CallOutcome | null;

  @Column({ name: 'hangup_cause', type: 'varchar', length: 80, nullable: true })
  hangupCause: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
