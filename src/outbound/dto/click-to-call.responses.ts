import { ApiProperty } from '@nestjs/swagger';
import { UuidField } from '../../common/openapi/fields';

export class ClickToCallStartedDto {
  @UuidField() callId: string;
  @UuidField() dealId: string;
  @UuidField() clientId: string;
  @ApiProperty({ example: '+4930123456789' }) phone: string;
}
