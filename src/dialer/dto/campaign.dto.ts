import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { CAMPAIGN_TRIGGERS, CampaignTrigger } from '../campaign.entity';
import { IsOmittable } from '../../common/validation/is-omittable';

export class CreateCampaignDto {
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ enum: CAMPAIGN_TRIGGERS })
  @IsIn(CAMPAIGN_TRIGGERS)
  trigger: CampaignTrigger;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admin only; a supervisor always creates for their own team' })
  @IsOmittable()
  @IsUUID()
  teamId?: string;

  /** Partial settings; checked field by field by campaign-settings.policy.ts. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Partial settings, merged over the defaults and checked field by field' })
  @IsOmittable()
  @IsObject()
  settings?: Record<string, unknown>;
}

export class UpdateCampaignDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOmittable()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Partial settings, merged over the current ones' })
  @IsOmittable()
  @IsObject()
  settings?: Record<string, unknown>;
}

export const CAMPAIGN_ACTIONS = ['start', 'pause', 'resume', 'stop', 'complete'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

export class CampaignActionDto {
  @ApiProperty({ enum: CAMPAIGN_ACTIONS })
  @IsIn(CAMPAIGN_ACTIONS)
  action: CampaignAction;
}

export class UploadTargetsDto {
  /** CSV text: header phone[,client_id][,deal_id]. */
  @ApiProperty({ maxLength: 900_000, description: 'CSV text with a header: phone[,client_id][,deal_id]', example: 'phone,client_id\n+4930123456,\n' })
  @IsString()
  @MaxLength(900_000)
  csv: string;
}

export const NPS_GROUPS = ['campaign', 'rep', 'team', 'day', 'week', 'month'] as const;
export type NpsGroup = (typeof NPS_GROUPS)[number];

export class NpsReportQuery {
  @ApiProperty({ enum: NPS_GROUPS })
  @IsIn(NPS_GROUPS)
  groupBy: NpsGroup;

  @ApiPropertyOptional({ format: 'date-time', description: 'Start (inclusive), ISO 8601; default: the beginning', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End (exclusive), ISO 8601; default: tomorrow', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Accepted for symmetry with /stats; /reports/nps.csv is the CSV form' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
