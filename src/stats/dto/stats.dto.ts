import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';

export class StatsRangeQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start (inclusive), ISO 8601; default 30 days ago' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End (exclusive), ISO 8601; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  repId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class FunnelQuery extends StatsRangeQuery {
  @ApiPropertyOptional({ enum: ['none', 'team', 'rep'], description: 'One funnel, or one per team / per rep' })
  @IsOptional()
  @IsIn(['none', 'team', 'rep'])
  groupBy?: 'none' | 'team' | 'rep';
}
