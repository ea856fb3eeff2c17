import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Matches } from 'class-validator';
import { SUPERVISION_MODES, SupervisionMode } from './supervision.policy';

export class StartSupervisionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  callId: string;

  @ApiProperty({ enum: SUPERVISION_MODES })
  @IsIn(SUPERVISION_MODES)
  mode: SupervisionMode;

  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: "The supervisor's softphone: the SIP endpoint of a rep account in a team they supervise (kept paused)" })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/)
  endpoint: string;
}
