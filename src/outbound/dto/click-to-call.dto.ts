import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable';

export class ClickToCallDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The client to call (their first phone unless `phone` is given)' })
  @IsOmittable()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ example: '+4930123456789', minLength: 3, maxLength: 32, description: 'E.164 number; validated before it reaches a dial string' })
  @IsOmittable()
  @IsString()
  @Length(3, 32)
  phone?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Attach the call to this deal (default: the client\'s open deal, opened if none)' })
  @IsOmittable()
  @IsUUID()
  dealId?: string;
}
