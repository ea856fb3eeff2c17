import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'completed', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_TRIGGERS = ['deal-won', 'list'] as const;
export type CampaignTrigger = (typeof CAMPAIGN_TRIGGERS)[number];

export type RetryOutcome = 'busy' | 'noAnswer' | 'failed' | 'machine';
export type PromptKind = 'question' | 'invalid' | 'confirm' | 'thanks' | 'menu' | 'goodbye' | 'removed';

/** Validated and completed by campaign-settings.policy.ts; stored as jsonb (seconds, not minutes, so tests run fast). */
export interface CampaignSettings {
  delayAfterWonSeconds: number;
  /** Client's local time, HH:MM; never before 08:00, never from 21:00. */
  window: { from: string; to: string };
  maxAttempts: number;
  retryDelaySeconds: Record<RetryOutcome, number>;
  concurrency: number;
  callsPerSecond: number;
  callerId: string;
  ringSeconds: number;
  /** AMD says NOTSURE (e.g. TOOLONG: nothing heard for the whole analysis): survey it like a human. */
  notSureIsHuman: boolean;
  /** IVR timings: no key at all / pause that ends a score / wait after the menu prompt. */
  noInputMs: number;
  interDigitMs: number;
  menuWaitMs: number;
  /** ARI media URIs (sound:..., digits:..., number:...) per prompt. */
  prompts: Record<PromptKind, string[]>;
}

@Entity({ name: 'campaigns' })
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ type: 'varchar', length: 12, default: 'draft' })
  status: CampaignStatus;

  @Column({ type: 'varchar', length: 12 })
  trigger: CampaignTrigger;

  @Column({ type: 'jsonb' })
  settings: CampaignSettings;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
