import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CALL_DIRECTIONS, CALL_OUTCOMES } from '../../calls/call.entity';
import { DEAL_STATUSES } from '../../crm/deal.entity';
import { RECORDING_STATUSES } from '../recording.entity';
import { IsOmittable } from '../../common/validation/is-omittable';

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;

export class RecordingSearchQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() repId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ enum: CALL_DIRECTIONS }) @IsOptional() @IsIn(CALL_DIRECTIONS) direction?: string;
  @ApiPropertyOptional({ enum: CALL_OUTCOMES }) @IsOptional() @IsIn(CALL_OUTCOMES) outcome?: string;
  @ApiPropertyOptional({ example: 'proposal', pattern: KEY.source }) @IsOptional() @Matches(KEY) dealStage?: string;
  @ApiPropertyOptional({ enum: DEAL_STATUSES }) @IsOptional() @IsIn(DEAL_STATUSES) dealStatus?: string;
  @ApiPropertyOptional({ enum: RECORDING_STATUSES, default: 'stored' }) @IsOptional() @IsIn(RECORDING_STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsNumber() @Min(0) minDuration?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsNumber() @Min(0) maxDuration?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10) npsMin?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10) npsMax?: number;
  @ApiPropertyOptional({ default: 25 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) offset?: number;
}

export class TrendsQuery {
  @ApiProperty({ format: 'date-time', example: '2026-11-01T00:00:00Z' }) @IsISO8601({ strict: true }) from: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00Z' }) @IsISO8601({ strict: true }) to: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teamId?: string;
}

export class CreateCommentDto {
  @ApiProperty({ example: 42.5 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(86_400) offsetSeconds: number;
  @ApiProperty({ minLength: 1, maxLength: 2000 }) @IsString() @Length(1, 2000) body: string;
}

export class CreateScoreDto {
  @ApiPropertyOptional({ default: 'default', pattern: KEY.source }) @IsOmittable() @Matches(KEY) templateKey?: string;
  @ApiProperty({ example: { greeting: 4, discovery: 3 } }) @IsObject() answers: Record<string, number>;
  @ApiPropertyOptional({ minLength: 1, maxLength: 2000 }) @IsOmittable() @IsString() @Length(1, 2000) note?: string;
}

export class ScorecardCriterionDto {
  @ApiProperty({ pattern: KEY.source }) @Matches(KEY) key: string;
  @ApiProperty({ minLength: 1, maxLength: 120 }) @IsString() @Length(1, 120) label: string;
  @ApiProperty() @IsNumber() @Min(0.01) @Max(100) weight: number;
  @ApiProperty() @IsInt() @Min(1) @Max(100) maxPoints: number;
}

export class UpsertScorecardTemplateDto {
  @ApiProperty({ pattern: KEY.source }) @Matches(KEY) key: string;
  @ApiProperty({ minLength: 1, maxLength: 120 }) @IsString() @Length(1, 120) name: string;
  @ApiProperty({ type: [ScorecardCriterionDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => ScorecardCriterionDto)
  criteria: ScorecardCriterionDto[];
  @ApiPropertyOptional({ default: true }) @IsOmittable() @IsBoolean() active?: boolean;
}

export class LegalHoldDto {
  @ApiProperty() @IsBoolean() legalHold: boolean;
}
