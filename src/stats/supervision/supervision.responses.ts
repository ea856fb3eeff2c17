import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField, UuidField } from '../../common/openapi/fields';
import { SUPERVISION_MODES } from './supervision.policy';

export class SupervisionSessionDto {
  @UuidField() sessionId: string;
  @UuidField() callId: string;
  @ApiProperty({ enum: SUPERVISION_MODES }) mode: string;
  @ApiProperty({ description: "The supervisor's softphone endpoint" }) endpoint: string;
  @ApiProperty() legChannelId: string;
  @ApiProperty({ type: String, nullable: true }) snoopChannelId: string | null;
  @ApiProperty() bridgeId: string;
  @ApiProperty({ description: 'Our own bridge (listen/whisper) or the call bridge (barge)' }) ownBridge: boolean;
  @DateTimeField() startedAt: string;
  @ApiProperty() ended: boolean;
}
