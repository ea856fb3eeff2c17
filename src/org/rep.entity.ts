import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export const SELLER_TIERS = ['strong', 'mid', 'junior'] as const;
export type SellerTier = (typeof SELLER_TIERS)[number];

export const AGENT_STATES = ['offline', 'available', 'ringing', 'on-call', 'wrap-up', 'paused'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

@Entity({ name: 'reps' })
export class Rep {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => User)
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** Denormalised from the user so routing and scoping never need a join. */
  @Column({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Column({ type: 'varchar', length: 8 })
  tier: SellerTier;

  @Column({ name: 'sip_endpoint', type: 'varchar', length: 40 })
  sipEndpoint: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skills: string[];

  @Column({ name: 'daily_call_target', type: 'int', default: 0 })
  dailyCallTarget: number;

  @Column({ name: 'daily_deal_target', type: 'int', default: 0 })
  dailyDealTarget: number;

  @Column({ name: 'monthly_won_target', type: 'int', default: 0 })
  monthlyWonTarget: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'agent_state', type: 'varchar', length: 12, default: 'offline' })
  agentState: AgentState;

  @Column({ name: 'state_since', type: 'timestamptz', default: () => 'now()' })
  stateSince: Date;

  @Column({ name: 'pause_reason', type: 'varchar', length: 80, nullable: true })
  pauseReason: string | null;

  /** Digest HA1 of the SIP password; the password itself is shown once and never stored. */
  @Column({ name: 'sip_ha1', type: 'char', length: 32, nullable: true, select: false })
  sipHa1: string | null;

  /** Digest HA1 of the browser softphone's password (the `<endpoint>.web` account), issued per page session. */
  @Column({ name: 'sip_web_ha1', type: 'char', length: 32, nullable: true, select: false })
  sipWebHa1: string | null;

  /** A fixed contact instead of registration (desk phones behind a PBX, SIPp in tests). */
  @Column({ name: 'sip_static_contact', type: 'varchar', length: 120, nullable: true })
  sipStaticContact: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
