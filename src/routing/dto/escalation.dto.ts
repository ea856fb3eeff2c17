import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable';
import { UuidField } from '../../common/openapi/fields';

export class StartEscalationDto {
  @ApiProperty({ enum: ['warm', 'ladder'], description: 'warm: talk to the strong seller first while the client hears music; ladder: the client waits for the strong tier' })
  @IsIn(['warm', 'ladder'])
  mode: 'warm' | 'ladder';

  @ApiPropertyOptional({ format: 'uuid', description: 'warm: the strong seller to consult; omitted: the free strong seller the inbound ladder would pick next (409 CONFLICT if none is free). Ignored for ladder' })
  @IsOmittable()
  @IsUUID()
  toRepId?: string;
}

export class EscalationDto {
  @UuidField() callId: string;
  @ApiProperty({ enum: ['warm', 'ladder'], nullable: true, type: String }) mode: string | null;
  @ApiProperty({ enum: ['idle', 'ringing', 'consulting', 'handed-over', 'returned', 'laddered', 'ended'] }) phase: string;
  @UuidField({ nullable: true }) fromRepId: string | null;
  @UuidField({ nullable: true }) toRepId: string | null;
}
