import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'completed', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_TRIGGERS = ['deal-won', 'list'] as const;
export type CampaignTrigger = (typeof CAMPAIGN_TRIGGERS)[number];

export interface CampaignSettings {
  delayAfterWonMinutes: number;
  window: { from: string; to: string };
  maxAttempts: number;
  retryDelayMinutes: { busy: number; noAnswer: number; failed: number; machine: number };
  concurrency: number;
  callsPerSecond: number;
  callerId: string;
  prompts: { question: string; invalid: string; confirm: string; thanks: string; menu: string };
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
