import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField, IntField, UuidField } from '../../common/openapi/fields';
import { CAMPAIGN_STATUSES, CAMPAIGN_TRIGGERS } from '../campaign.entity';

export class CampaignDto {
  @UuidField() id: string;
  @ApiProperty() name: string;
  @UuidField({ nullable: true, description: 'null: an admin campaign over every team' }) teamId: string | null;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: string;
  @ApiProperty({ enum: CAMPAIGN_TRIGGERS }) trigger: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The full settings (defaults merged with what was set): window, maxAttempts, retryDelaySeconds, concurrency, callsPerSecond, callerId, prompts, …' })
  settings: Record<string, unknown>;
  @UuidField({ nullable: true }) createdByUserId: string | null;
  @DateTimeField() createdAt: string;
}

export class TargetsUploadResultDto {
  @IntField() added: number;
  @IntField({ description: 'Rows already queued in this campaign (same client and deal)' }) alreadyPresent: number;
}

export class CampaignProgressDto {
  @UuidField() campaignId: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: string;
  @IntField() targets: number;
  @IntField() queued: number;
  @IntField() dialing: number;
  @IntField() answered: number;
  @IntField() responded: number;
  @IntField() failed: number;
  @IntField() skipped: number;
  @IntField() attempts: number;
  @IntField() responses: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null until someone answers' }) nps: number | null;
}

export class NpsReportRowDto {
  @ApiProperty({ type: String, nullable: true, description: 'Campaign, rep or team id, or the day/week (YYYY-MM-DD) or month (YYYY-MM); null: no rep/team' }) key: string | null;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @IntField() responses: number;
  @IntField() promoters: number;
  @IntField() passives: number;
  @IntField() detractors: number;
  @ApiProperty({ type: Number, nullable: true, description: '-100..100; null without responses' }) nps: number | null;
  @IntField() targetsReached: number;
  @IntField() attempts: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Percent of reached targets that answered' }) responseRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) attemptsPerResponse: number | null;
}
