import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsNumber, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DateTimeField, UuidField } from '../../common/openapi/fields';
import { IsOmittable } from '../../common/validation/is-omittable';
import { WRAP_UP_OUTCOMES, WrapUpOutcome } from '../wrap-up.policy';

const STAGE_KEY = /^[a-z][a-z0-9_-]{0,39}$/;

export class WrapUpNextTaskDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Send the revised offer' }) @IsString() @Length(1, 200) reason: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) dueAt: string;
}

export class WrapUpDto {
  @ApiProperty({ enum: WRAP_UP_OUTCOMES }) @IsIn(WRAP_UP_OUTCOMES) outcome: WrapUpOutcome;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOmittable() @IsString() @Length(0, 2000) note?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Required with outcome callback; in the future' }) @IsOmittable() @IsDateString({ strict: true }) callbackAt?: string;
  @ApiPropertyOptional({ minLength: 3, maxLength: 200, description: 'Required with outcome lost' }) @IsOmittable() @IsString() @Length(3, 200) lostReason?: string;
  @ApiPropertyOptional({ description: 'Outcome won: the amount (kept when omitted and already set)' })
  @IsOmittable() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(999_999_999_999) amount?: number;
  @ApiPropertyOptional({ pattern: STAGE_KEY.source, description: 'Move the open deal to this stage' }) @IsOmittable() @Matches(STAGE_KEY) stageKey?: string;
  @ApiPropertyOptional({ type: WrapUpNextTaskDto }) @IsOmittable() @ValidateNested() @Type(() => WrapUpNextTaskDto) nextTask?: WrapUpNextTaskDto;
}

export class WrapUpResultDto {
  @UuidField() callId: string;
  @ApiProperty({ enum: WRAP_UP_OUTCOMES }) outcome: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @DateTimeField({ nullable: true }) callbackAt: string | null;
  @UuidField({ nullable: true }) dealId: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['open', 'won', 'lost'] }) dealStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) stageKey: string | null;
  @ApiProperty({ type: [String], description: 'Tasks this wrap-up created (callback, next task)' }) taskIds: string[];
  @DateTimeField() savedAt: string;
  @ApiProperty({ description: 'true: this call was wrapped up before; nothing was changed again' }) replayed: boolean;
  @ApiProperty({ type: String, nullable: true, description: "The rep's state after saving (available when it ended the wrap-up time)" }) repState: string | null;
}
