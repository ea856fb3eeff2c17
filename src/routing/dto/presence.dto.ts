import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable';

const REASON = /^[A-Za-z0-9 ._-]{1,80}$/;

export class PauseDto {
  @ApiProperty({ example: 'lunch', pattern: REASON.source })
  @IsString()
  @Matches(REASON, { message: 'reason must be 1-80 letters, digits, spaces or . _ -' })
  reason: string;
}

export class ForceStateDto {
  @ApiProperty({ enum: ['available', 'paused', 'offline'] })
  @IsIn(['available', 'paused', 'offline'])
  state: 'available' | 'paused' | 'offline';

  @ApiPropertyOptional({ example: 'coaching', pattern: REASON.source, minLength: 1, maxLength: 80 })
  @IsOmittable()
  @IsString()
  @Length(1, 80)
  @Matches(REASON, { message: 'reason must be 1-80 letters, digits, spaces or . _ -' })
  reason?: string;
}
