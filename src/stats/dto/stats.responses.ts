import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateTimeField, IntField, UuidField } from '../../common/openapi/fields';

export class FunnelRowDto {
  @ApiProperty({ description: '"all", or the team / rep id with groupBy team / rep' }) group: string;
  @ApiProperty({ example: 'proposal' }) stageKey: string;
  @ApiProperty() stageName: string;
  @IntField() position: number;
  @IntField() entered: number;
  @IntField() calls: number;
  @IntField() answeredCalls: number;
  @IntField() talkSeconds: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Calls per deal during the stay, over the stays that moved on' }) touchesBeforeMove: number | null;
  @IntField() advanced: number;
  @IntField() won: number;
  @IntField() lost: number;
  @IntField() stillOpen: number;
  @ApiProperty({ type: Number, nullable: true, description: '% of deals entering the stage that moved on from it' }) conversionNext: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '% of deals entering the stage that are won now' }) conversionWon: number | null;
}

export class CallsPerHourRowDto {
  @ApiProperty({ example: '2026-12-01T09:00:00Z', description: 'Start of the clock hour, UTC' }) hour: string;
  @IntField({ description: 'Inbound calls that started in the hour' }) inbound: number;
  @IntField() answered: number;
  @IntField({ description: 'Inbound callers who hung up before a rep answered' }) abandoned: number;
  @IntField() outbound: number;
}

export class PlanRowDto {
  @UuidField() repId: string;
  @ApiProperty() repName: string;
  @UuidField() teamId: string;
  @IntField() callsMade: number;
  @IntField() callsAnswered: number;
  @IntField() talkSeconds: number;
  @IntField() dealsOpened: number;
  @IntField() dealsWon: number;
  @ApiProperty() callsPlan: number;
  @ApiProperty({ type: Number, nullable: true, description: '% of plan; null without a plan' }) callsDone: number | null;
  @ApiProperty() dealsPlan: number;
  @ApiProperty({ type: Number, nullable: true }) dealsDone: number | null;
  @ApiProperty() wonPlan: number;
  @ApiProperty({ type: Number, nullable: true }) wonDone: number | null;
}

export class TimelineRecordingDto {
  @UuidField() recordingId: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds: number | null;
}

/** One event in a deal's life; which fields are present depends on `kind`. */
export class TimelineItemDto {
  @DateTimeField() at: string;
  @ApiProperty({ enum: ['stage', 'call', 'task', 'nps'] }) kind: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'stage: the deal status after the change; task: the task status' }) status?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) fromStage?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) toStage?: string | null;
  @UuidField({ required: false, nullable: true }) callId?: string | null;
  @ApiPropertyOptional() direction?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) outcome?: string | null;
  @UuidField({ required: false, nullable: true }) repId?: string | null;
  @IntField({ required: false, nullable: true }) talkSeconds?: number | null;
  @ApiPropertyOptional({ type: [TimelineRecordingDto] }) recordings?: TimelineRecordingDto[];
  @UuidField({ required: false }) taskId?: string;
  @ApiPropertyOptional() type?: string;
  @ApiPropertyOptional() reason?: string;
  @DateTimeField({ required: false }) dueAt?: string;
  @DateTimeField({ required: false, nullable: true }) completedAt?: string | null;
  @IntField({ required: false, description: 'nps: the score 0-10' }) score?: number;
}

export class DealTimelineDto {
  @UuidField() dealId: string;
  @ApiProperty({ type: [TimelineItemDto] }) items: TimelineItemDto[];
}
