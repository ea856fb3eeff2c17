import { ApiProperty } from '@nestjs/swagger';
import { CALL_DIRECTIONS, CALL_OUTCOMES } from '../../calls/call.entity';
import { DateTimeField, IntField, UuidField } from '../../common/openapi/fields';
import { DEAL_STATUSES } from '../../crm/deal.entity';
import { PausedWindow, Recording, RECORDING_STATUSES } from '../recording.entity';

export class PausedWindowDto {
  @ApiProperty({ description: 'Seconds from the start of the recording' }) fromSeconds: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null while the pause lasts' }) toSeconds: number | null;
  @UuidField() byUserId: string;
}

/** A recording as a trainer finds it: the file's facts with its call, rep, client and deal. */
export class RecordingViewDto {
  @UuidField() id: string;
  @UuidField() callId: string;
  @ApiProperty({ enum: RECORDING_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true, example: 'header-only' }) flag: string | null;
  @DateTimeField() startedAt: string;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds: number | null;
  @IntField({ nullable: true }) sizeBytes: number | null;
  @ApiProperty({ type: String, nullable: true }) sha256: string | null;
  @ApiProperty({ type: [PausedWindowDto] }) pausedWindows: PausedWindowDto[];
  @ApiProperty() legalHold: boolean;
  @ApiProperty({ enum: CALL_DIRECTIONS }) direction: string;
  @ApiProperty({ enum: CALL_OUTCOMES, nullable: true }) outcome: string | null;
  @UuidField({ nullable: true }) repId: string | null;
  @UuidField({ nullable: true }) teamId: string | null;
  @UuidField({ nullable: true }) clientId: string | null;
  @UuidField({ nullable: true }) dealId: string | null;
  @ApiProperty({ type: String, nullable: true }) repName: string | null;
  @ApiProperty({ type: String, nullable: true }) clientName: string | null;
  @ApiProperty({ enum: DEAL_STATUSES, nullable: true }) dealStatus: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'proposal' }) dealStage: string | null;
  @IntField({ nullable: true, description: "The client's latest NPS score" }) nps: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Average QA score, 0-100' }) qaScore: number | null;
}

export class RecordingPageDto {
  @ApiProperty({ type: [RecordingViewDto] }) items: RecordingViewDto[];
  @IntField() total: number;
  @IntField() limit: number;
  @IntField() offset: number;
}

export class TrendPointDto {
  @ApiProperty({ example: '2026-11-02', description: 'Monday of the week' }) week: string;
  @ApiProperty() avgScore: number;
  @IntField() scored: number;
}

export class RepTrendDto {
  @UuidField() repId: string;
  @UuidField() teamId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Number, nullable: true }) avgScore: number | null;
  @ApiProperty({ type: [TrendPointDto] }) scores: TrendPointDto[];
  @IntField() won: number;
  @IntField() lost: number;
  @ApiProperty({ type: Number, nullable: true, description: '0..1; null without closed deals' }) winRate: number | null;
}

export class TeamTrendDto {
  @UuidField() teamId: string;
  @ApiProperty({ type: Number, nullable: true }) avgScore: number | null;
  @ApiProperty({ type: [TrendPointDto] }) scores: TrendPointDto[];
  @IntField() won: number;
  @IntField() lost: number;
  @ApiProperty({ type: Number, nullable: true }) winRate: number | null;
}

export class TrendsDto {
  @ApiProperty({ type: [RepTrendDto] }) reps: RepTrendDto[];
  @ApiProperty({ type: [TeamTrendDto] }) teams: TeamTrendDto[];
}

export class PlayUrlDto {
  @ApiProperty({ description: 'A short-lived presigned URL of the WAV file' }) url: string;
  @DateTimeField() expiresAt: string;
}

export class ScorecardCriterionViewDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() weight: number;
  @IntField() maxPoints: number;
}

export class ScorecardTemplateDto {
  @UuidField() id: string;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [ScorecardCriterionViewDto] }) criteria: ScorecardCriterionViewDto[];
  @ApiProperty() active: boolean;
  @DateTimeField() createdAt: string;
}

export class CommentDto {
  @UuidField() id: string;
  @UuidField() recordingId: string;
  @UuidField({ nullable: true }) authorUserId: string | null;
  @ApiProperty({ example: 42.5 }) offsetSeconds: number;
  @ApiProperty() body: string;
  @DateTimeField() createdAt: string;
}

export class ScoreResultDto {
  @UuidField() id: string;
  @ApiProperty({ description: '0-100' }) score: number;
  @ApiProperty() templateKey: string;
}

export class ScoreDto {
  @UuidField() id: string;
  @UuidField() recordingId: string;
  @UuidField() templateId: string;
  @UuidField() scorerUserId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { greeting: 4 } }) answers: Record<string, number>;
  @ApiProperty({ example: '87.5', description: 'Decimal as a string, one place' }) score: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @DateTimeField() createdAt: string;
  @DateTimeField() updatedAt: string;
}

export class LegalHoldStateDto {
  @UuidField() id: string;
  @ApiProperty() legalHold: boolean;
}

export class ErasedRecordingsDto {
  @IntField({ description: 'Recordings deleted (files and rows)' }) deleted: number;
}

/** What a pause or resume answers: the recording's state, not its storage internals. */
export class RecordingStateDto {
  @UuidField() id: string;
  @UuidField() callId: string;
  @ApiProperty({ enum: RECORDING_STATUSES }) status: string;
  @ApiProperty({ type: [PausedWindowDto] }) pausedWindows: PausedWindow[];
  @ApiProperty() legalHold: boolean;
}

export function recordingState(recording: Recording): RecordingStateDto {
  return { id: recording.id, callId: recording.callId, status: recording.status, pausedWindows: recording.pausedWindows, legalHold: recording.legalHold };
}
