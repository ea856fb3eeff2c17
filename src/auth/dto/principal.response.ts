import { ApiProperty } from '@nestjs/swagger';
import { UuidField } from '../../common/openapi/fields';
import { ROLES } from '../../org/user.entity';

/** Who the bearer token belongs to. */
export class PrincipalDto {
  @UuidField() userId: string;
  @ApiProperty() login: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @UuidField({ nullable: true }) teamId: string | null;
  @UuidField({ nullable: true, description: 'Set for reps only' }) repId: string | null;
}
