import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IntField } from '../common/openapi/fields';

export class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: string;
  @IntField({ required: false }) latencyMs?: number;
  @ApiPropertyOptional({ description: 'Why it is down' }) error?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Component specifics (the ARI socket state, reconnects)' }) details?: Record<string, unknown>;
}

export class HealthComponentsDto {
  @ApiProperty({ type: ComponentHealthDto }) postgres: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) redis: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) ari: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) storage: ComponentHealthDto;
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: string;
  @ApiProperty({ type: HealthComponentsDto }) components: HealthComponentsDto;
}
