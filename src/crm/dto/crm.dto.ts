import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { TEMPERATURES, Temperature } from '../client.entity';
import { DEAL_STATUSES, DealStatus } from '../deal.entity';
import { TASK_STATUSES, TaskStatus } from '../task.entity';
import { IsOmittable } from '../../common/validation/is-omittable';
import { UUID_PATTERN } from '../../common/validation/uuid';

const SOURCE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const STAGE_KEY = /^[a-z][a-z0-9_-]{0,39}$/;
const UUID_OR_ME = new RegExp(`^(me|${UUID_PATTERN.source.slice(1, -1)})$`, 'i');

/** Query strings arrive as text: "true"/"false" become booleans, anything else stays and fails @IsBoolean. */
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateClientDto {
  @ApiProperty({ minLength: 1, maxLength: 160 }) @IsString() @Length(1, 160) name: string;
  @ApiProperty({ type: [String], example: ['+4930123456'], description: 'Normalised to E.164; each must be new to the base' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @IsString({ each: true }) @Length(3, 32, { each: true })
  phones: string[];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() ownerRepId?: string;
  @ApiPropertyOptional({ example: 'Europe/Berlin' }) @IsOmittable() @IsTimeZone() timeZone?: string;
  @ApiPropertyOptional({ enum: TEMPERATURES }) @IsOmittable() @IsIn(TEMPERATURES) temperature?: Temperature;
  @ApiPropertyOptional({ example: 'web-form', pattern: SOURCE.source }) @IsOmittable() @Matches(SOURCE, { message: 'source must be 1-40 chars of a-z 0-9 -' }) source?: string;
}

export class UpdateClientDto {
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() doNotCall?: boolean;
  @ApiPropertyOptional({ description: 'Required when doNotCall is true', minLength: 3, maxLength: 200 })
  @ValidateIf((dto: UpdateClientDto) => dto.doNotCall === true || dto.doNotCallReason !== undefined)
  @IsString() @Length(3, 200)
  doNotCallReason?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null releases the client to the unowned pool' })
  @ValidateIf((dto: UpdateClientDto) => dto.ownerRepId !== null) @IsOptional() @IsUUID()
  ownerRepId?: string | null;
  @ApiPropertyOptional({ enum: TEMPERATURES }) @IsOmittable() @IsIn(TEMPERATURES) temperature?: Temperature;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() recordingRefused?: boolean;
}

export class ClientListQuery {
  @ApiPropertyOptional({ example: '030 1234567', minLength: 3, maxLength: 32 }) @IsOptional() @IsString() @Length(3, 32) phone?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ownerRepId?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class CreateDealDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() clientId: string;
  @ApiPropertyOptional({ description: 'Defaults to the first configured stage', pattern: STAGE_KEY.source }) @IsOmittable() @Matches(STAGE_KEY) stageKey?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the client owner' }) @IsOmittable() @IsUUID() ownerRepId?: string;
  @ApiPropertyOptional() @IsOmittable() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(999_999_999_999) amount?: number;
  @ApiPropertyOptional({ example: 'EUR', pattern: '^[A-Z]{3}$' }) @IsOmittable() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' }) currency?: string;
  @ApiPropertyOptional({ example: 'manual', minLength: 1, maxLength: 80 }) @IsOmittable() @IsString() @Length(1, 80) reason?: string;
}

export class UpdateDealDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() stageId?: string;
  @ApiPropertyOptional({ pattern: STAGE_KEY.source }) @IsOmittable() @Matches(STAGE_KEY) stageKey?: string;
  @ApiPropertyOptional({ enum: ['won', 'lost'] }) @IsOmittable() @IsIn(['won', 'lost']) status?: 'won' | 'lost';
  @ApiPropertyOptional({ description: 'Required with status won' }) @IsOmittable() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(999_999_999_999) amount?: number;
  @ApiPropertyOptional({ description: 'Required with status lost', minLength: 3, maxLength: 200 }) @IsOmittable() @IsString() @Length(3, 200) lostReason?: string;
}

export class DealListQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() clientId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ownerRepId?: string;
  @ApiPropertyOptional({ enum: DEAL_STATUSES }) @IsOptional() @IsIn(DEAL_STATUSES) status?: DealStatus;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class TaskListQuery {
  @ApiPropertyOptional({ description: '"me" or a rep id', pattern: UUID_OR_ME.source }) @IsOptional() @Matches(UUID_OR_ME, { message: 'assignee must be "me" or a rep id' }) assignee?: string;
  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsIn(TASK_STATUSES) status?: TaskStatus;
  @ApiPropertyOptional({ description: 'Only open tasks past their due time' }) @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class UpdateTaskDto {
  @ApiProperty({ enum: ['done', 'cancelled'] }) @IsIn(['done', 'cancelled']) status: 'done' | 'cancelled';
}
