import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField, IntField, UuidField } from '../../common/openapi/fields';
import { AGENT_STATES, SELLER_TIERS } from '../../org/rep.entity';

/** A rep on the floor, as supervisors and the rep see it. */
export class RepPresenceDto {
  @UuidField() repId: string;
  @UuidField() teamId: string;
  @ApiProperty({ enum: SELLER_TIERS }) tier: string;
  @ApiProperty({ enum: AGENT_STATES }) state: string;
  @DateTimeField() since: string;
  @ApiProperty({ type: String, nullable: true }) pauseReason: string | null;
  @ApiProperty({ description: 'The softphone is registered (or has a static contact)' }) reachable: boolean;
  @IntField() callsToday: number;
}

export class WaitingCallDto {
  @UuidField() callId: string;
  @ApiProperty({ type: String, nullable: true, example: '+4930123456' }) caller: string | null;
  @UuidField({ nullable: true }) clientId: string | null;
  @ApiProperty({ example: 'queued' }) phase: string;
  @IntField() waitingSeconds: number;
  @UuidField({ nullable: true }) ringingRepId: string | null;
}

export class LatencySummaryDto {
  @IntField() count: number;
  @ApiProperty({ type: Number, nullable: true }) p50: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95: number | null;
  @ApiProperty({ type: Number, nullable: true }) p99: number | null;
  @ApiProperty({ type: Number, nullable: true }) max: number | null;
}

export class ProcessFaultsDto {
  @IntField() unhandledRejections: number;
  @IntField() uncaughtExceptions: number;
}

export class RoutingMetricsDto {
  @ApiProperty({ type: LatencySummaryDto }) offerLatencyMs: LatencySummaryDto;
  @ApiProperty({ type: LatencySummaryDto }) eventDeliveryMs: LatencySummaryDto;
  @ApiProperty({ type: LatencySummaryDto }) eventLoopDelayMs: LatencySummaryDto;
  @IntField({ description: 'Socket clients connected to this instance' }) connected: number;
  @ApiProperty({ type: ProcessFaultsDto, description: 'Unhandled rejections and uncaught exceptions since the process started: any count above zero is a bug' }) processFaults: ProcessFaultsDto;
}
