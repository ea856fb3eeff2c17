import { ApiProperty } from '@nestjs/swagger';
import { CALL_DIRECTIONS, CALL_OUTCOMES } from '../../calls/call.entity';
import { DateTimeField, IntField, UuidField } from '../../common/openapi/fields';
import { TEMPERATURES } from '../client.entity';
import { DEAL_STATUSES } from '../deal.entity';
import { TASK_STATUSES, TASK_TYPES } from '../task.entity';

export class PipelineStageDto {
  @UuidField() id: string;
  @ApiProperty({ example: 'proposal' }) key: string;
  @ApiProperty() name: string;
  @IntField() position: number;
  @ApiProperty() active: boolean;
}

/** A stage as embedded in a deal. */
export class DealStageDto {
  @UuidField() id: string;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @IntField() position: number;
}

export class ClientPhoneDto {
  @UuidField() id: string;
  @UuidField() clientId: string;
  @ApiProperty({ example: '+4930123456' }) e164: string;
  @ApiProperty({ example: 'main' }) label: string;
}

export class ClientDto {
  @UuidField() id: string;
  @ApiProperty() name: string;
  @UuidField({ nullable: true, description: 'null: in the unowned pool' }) ownerRepId: string | null;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty() doNotCall: boolean;
  @ApiProperty({ type: String, nullable: true }) doNotCallReason: string | null;
  @ApiProperty({ enum: TEMPERATURES }) temperature: string;
  @ApiProperty({ example: 'web-form' }) source: string;
  @ApiProperty() recordingRefused: boolean;
  @DateTimeField({ nullable: true }) lastContactAt: string | null;
  @ApiProperty({ enum: CALL_OUTCOMES, nullable: true }) lastOutcome: string | null;
  @ApiProperty({ type: [ClientPhoneDto] }) phones: ClientPhoneDto[];
  @DateTimeField() createdAt: string;
  @DateTimeField() updatedAt: string;
}

export class DealDto {
  @UuidField() id: string;
  @UuidField() clientId: string;
  @UuidField({ nullable: true }) ownerRepId: string | null;
  @UuidField() stageId: string;
  @ApiProperty({ enum: DEAL_STATUSES }) status: string;
  @ApiProperty({ example: '12850.00', description: 'Decimal as a string, two places' }) amount: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: 'web-form' }) openReason: string;
  @UuidField({ nullable: true }) openedByCallId: string | null;
  @ApiProperty({ type: String, nullable: true }) lostReason: string | null;
  @DateTimeField() openedAt: string;
  @DateTimeField({ nullable: true }) closedAt: string | null;
  @DateTimeField() stageChangedAt: string;
  @DateTimeField() createdAt: string;
}

/** One deal with its stage (reads of one deal, creates and updates). */
export class DealWithStageDto extends DealDto {
  @ApiProperty({ type: DealStageDto }) stage: DealStageDto;
}

export class TaskDto {
  @UuidField() id: string;
  @ApiProperty({ enum: TASK_TYPES }) type: string;
  @UuidField() clientId: string;
  @UuidField({ nullable: true }) dealId: string | null;
  @UuidField({ nullable: true }) assigneeRepId: string | null;
  @DateTimeField() dueAt: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty() reason: string;
  @UuidField({ nullable: true }) sourceCallId: string | null;
  @ApiProperty({ type: String, nullable: true }) dedupeKey: string | null;
  @DateTimeField({ nullable: true }) assignedAt: string | null;
  @IntField() reassignedCount: number;
  @DateTimeField({ nullable: true }) completedAt: string | null;
  @DateTimeField() createdAt: string;
}

export class RecentCallDto {
  @UuidField() id: string;
  @ApiProperty({ enum: CALL_DIRECTIONS }) direction: string;
  @ApiProperty({ enum: CALL_OUTCOMES, nullable: true }) outcome: string | null;
  @IntField({ nullable: true }) talkSeconds: number | null;
  @UuidField({ nullable: true }) repId: string | null;
  @DateTimeField() at: string;
}

export class NextCallDto {
  @ApiProperty({ enum: ['overdue-callback', 'due-task', 'hot-lead', 'warm-lead', 'cold-lead'] }) bucket: string;
  @UuidField({ nullable: true, description: 'The task this call settles, if any' }) taskId: string | null;
  @ApiProperty({ type: ClientDto }) client: ClientDto;
  @ApiProperty({ type: DealWithStageDto, nullable: true }) openDeal: DealWithStageDto | null;
  @ApiProperty({ type: [RecentCallDto] }) recentCalls: RecentCallDto[];
  @ApiProperty({ type: [TaskDto] }) openTasks: TaskDto[];
}
