import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { CAMPAIGN_TRIGGERS, CampaignTrigger } from '../campaign.entity';

export class CreateCampaignDto {
  @IsString()
  @Length(1, 120)
  name: string;

  @IsIn(CAMPAIGN_TRIGGERS)
  trigger: CampaignTrigger;

  @IsOptional()
  @IsUUID()
  teamId?: string;

  /** Partial settings; checked field by field by campaign-settings.policy.ts. */
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

export class UpdateCampaignDto {
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

export const CAMPAIGN_ACTIONS = ['start', 'pause', 'resume', 'stop', 'complete'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

export class CampaignActionDto {
  @IsIn(CAMPAIGN_ACTIONS)
  action: CampaignAction;
}

export class UploadTargetsDto {
  /** CSV text: header phone[,client_id][,deal_id]. */
  @IsString()
  @MaxLength(900_000)
  csv: string;
}

export class NpsReportQuery {
  @IsIn(['campaign', 'rep', 'team', 'day', 'week', 'month'])
  groupBy: 'campaign' | 'rep' | 'team' | 'day' | 'week' | 'month';

  @IsOptional()
  @IsString()
  from?: string;

  @IsOptional()
  @IsString()
  to?: string;

  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
