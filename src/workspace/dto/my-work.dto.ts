import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField, IntField, UuidField } from '../../common/openapi/fields';

export class MyWorkNextCallDto {
  @ApiProperty({ enum: ['call-now', 'overdue-callback', 'due-task', 'hot-lead', 'warm-lead', 'cold-lead'] }) bucket: string;
  @UuidField({ nullable: true }) taskId: string | null;
  @UuidField() clientId: string;
  @ApiProperty() clientName: string;
  @ApiProperty({ type: String, nullable: true, example: '+4930123456' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) dealStage: string | null;
}

export class MyWorkTaskDto {
  @UuidField() id: string;
  @ApiProperty({ example: 'callback' }) type: string;
  @UuidField() clientId: string;
  @ApiProperty() clientName: string;
  @DateTimeField() dueAt: string;
  @ApiProperty() reason: string;
  @ApiProperty() overdue: boolean;
}

export class MyWorkPresenceDto {
  @ApiProperty({ example: 'available' }) state: string;
  @DateTimeField({ nullable: true }) since: string | null;
  @ApiProperty({ type: String, nullable: true }) pauseReason: string | null;
  @IntField({ description: 'The wrap-up time after each call (rules: routing.wrapUpSeconds)' }) wrapUpSeconds: number;
  @ApiProperty({ type: [String], example: ['break', 'lunch'] }) pauseReasons: string[];
}

export class MyWorkTodayDto {
  @IntField({ description: 'Calls answered today (UTC day)' }) calls: number;
  @IntField() callTarget: number;
  @IntField({ description: 'Deals won today' }) dealsWon: number;
  @IntField() dealTarget: number;
  @IntField() talkSeconds: number;
}

export class MyWorkDto {
  @ApiProperty({ type: MyWorkNextCallDto, nullable: true, description: 'null: no work right now' }) nextCall: MyWorkNextCallDto | null;
  @ApiProperty({ type: [MyWorkTaskDto], description: 'Open callback and call-now tasks due by the end of today, overdue first' }) callbacks: MyWorkTaskDto[];
  @ApiProperty({ type: MyWorkPresenceDto }) presence: MyWorkPresenceDto;
  @ApiProperty({ type: MyWorkTodayDto }) today: MyWorkTodayDto;
}
