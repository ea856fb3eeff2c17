import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsDefined, IsIn, IsUUID, Matches, ValidateNested } from 'class-validator';
import { DateTimeField, UuidField } from '../../common/openapi/fields';

export class ProposalOpenedDataDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() dealId: string;
}

/** The same envelope as our outgoing webhooks: id, type, occurredAt, data. */
export class CrmEventDto {
  @ApiProperty({ description: "The CRM's event id: the same id twice is one event", pattern: '^[A-Za-z0-9._:-]{1,100}$' })
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'id must be 1-100 chars of A-Z a-z 0-9 . _ : -' })
  id: string;
  @ApiProperty({ enum: ['proposal.opened'] }) @IsIn(['proposal.opened']) type: 'proposal.opened';
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) occurredAt: string;
  @ApiProperty({ type: ProposalOpenedDataDto }) @IsDefined() @ValidateNested() @Type(() => ProposalOpenedDataDto) data: ProposalOpenedDataDto;
}

export class CrmEventResultDto {
  @ApiProperty() eventId: string;
  @UuidField() dealId: string;
  @UuidField({ description: 'The call-now task for the deal owner' }) taskId: string;
  @UuidField({ nullable: true }) assigneeRepId: string | null;
  @DateTimeField() receivedAt: string;
  @ApiProperty({ description: 'true: this event id was received before; nothing was done again' }) duplicate: boolean;
}
