import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField, IntField, UuidField } from '../../common/openapi/fields';

/** The browser softphone's SIP account for one page session (the password is shown only here). */
export class SoftphoneSessionDto {
  @ApiProperty({ example: 'ws://127.0.0.1:8088/ws' }) webSocketUrl: string;
  @ApiProperty({ example: 'sip:rep-anna-schmidt.web@127.0.0.1' }) uri: string;
  @ApiProperty({ example: 'rep-anna-schmidt.web' }) username: string;
  @ApiProperty({ description: 'New for every page session; the previous one stops working', example: 'example-sip-password' }) password: string;
  @ApiProperty({ example: 'salescall' }) realm: string;
  @ApiProperty({ description: 'false: Asterisk was unreachable, the account is pushed when it is back' }) provisioned: boolean;
  @UuidField() repId: string;
  @ApiProperty() displayName: string;
}

export class ScreenPopDealDto {
  @UuidField() id: string;
  @ApiProperty({ example: 'Proposal sent' }) stage: string;
  @ApiProperty({ example: '€12,500.00' }) amount: string;
  @ApiProperty({ description: 'Opened by this very call' }) justOpened: boolean;
}

export class ScreenPopCallDto {
  @UuidField() callId: string;
  @DateTimeField() at: string;
  @ApiProperty({ example: 'inbound' }) direction: string;
  @ApiProperty({ example: 'answered' }) outcome: string;
  @ApiProperty({ example: '3:12' }) talk: string;
  @ApiProperty() rep: string;
  @UuidField({ nullable: true, description: 'Set where the viewer may listen to it' }) playRecordingId: string | null;
}

export class ScreenPopTaskDto {
  @UuidField() id: string;
  @ApiProperty({ example: 'callback' }) type: string;
  @DateTimeField() dueAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() reason: string;
  @ApiProperty() assignee: string;
}

export class ScreenPopNpsDto {
  @IntField({ minimum: 0, maximum: 10 }) score: number;
  @ApiProperty({ enum: ['promoter', 'passive', 'detractor'] }) category: string;
  @DateTimeField() at: string;
}

/** The client card while the rep's phone rings. */
export class ScreenPopDto {
  @UuidField() callId: string;
  @ApiProperty({ example: '+4930123456' }) number: string;
  @ApiProperty({ example: 'Schmidt Bau GmbH' }) title: string;
  @ApiProperty({ description: 'The caller was unknown: a lead and a deal were just opened' }) newLead: boolean;
  @ApiProperty({ type: String, nullable: true, enum: ['cold', 'warm', 'hot'] }) temperature: string | null;
  @ApiProperty() owner: string;
  @ApiProperty({ description: 'Why this call came to this rep (rung and reason)' }) whyYou: string;
  @ApiProperty({ type: ScreenPopDealDto, nullable: true }) deal: ScreenPopDealDto | null;
  @ApiProperty({ type: [ScreenPopCallDto] }) lastCalls: ScreenPopCallDto[];
  @ApiProperty({ type: [ScreenPopTaskDto] }) openTasks: ScreenPopTaskDto[];
  @ApiProperty({ type: ScreenPopNpsDto, nullable: true }) nps: ScreenPopNpsDto | null;
}
