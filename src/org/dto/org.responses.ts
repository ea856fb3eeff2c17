import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField, IntField, UuidField } from '../../common/openapi/fields';
import { AGENT_STATES, SELLER_TIERS } from '../rep.entity';
import { ROLES } from '../user.entity';

export class TeamDto {
  @UuidField() id: string;
  @ApiProperty() name: string;
  @DateTimeField() createdAt: string;
}

export class UserDto {
  @UuidField() id: string;
  @ApiProperty() login: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @UuidField({ nullable: true }) teamId: string | null;
  @ApiProperty() active: boolean;
  @DateTimeField() createdAt: string;
}

export class RepDto {
  @UuidField() id: string;
  @UuidField() userId: string;
  @ApiProperty({ type: UserDto, required: false, description: 'Present on reads of one rep and on lists' }) user?: UserDto;
  @UuidField() teamId: string;
  @ApiProperty({ enum: SELLER_TIERS }) tier: string;
  @ApiProperty({ example: 'rep-anna-schmidt' }) sipEndpoint: string;
  @ApiProperty({ type: [String] }) skills: string[];
  @IntField() dailyCallTarget: number;
  @IntField() dailyDealTarget: number;
  @IntField() monthlyWonTarget: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ enum: AGENT_STATES }) agentState: string;
  @DateTimeField() stateSince: string;
  @ApiProperty({ type: String, nullable: true }) pauseReason: string | null;
  @ApiProperty({ type: String, nullable: true }) sipStaticContact: string | null;
  @DateTimeField() createdAt: string;
}

export class SipCredentialsDto {
  @ApiProperty({ example: 'rep-anna-schmidt' }) username: string;
  @ApiProperty({ description: 'Shown in this response only; Asterisk keeps a hash' }) password: string;
  @ApiProperty({ example: '192.0.2.10' }) domain: string;
  @IntField({ example: 5060 }) port: number;
  @ApiProperty({ enum: ['udp'] }) transport: string;
  @ApiProperty({ description: 'False when Asterisk was unreachable: the account is pushed as soon as ARI reconnects' }) provisioned: boolean;
}

export class CreatedRepDto extends RepDto {
  @ApiProperty({ type: SipCredentialsDto }) sip: SipCredentialsDto;
}

export class RepRegistrationDto {
  @ApiProperty() endpoint: string;
  @ApiProperty({ example: 'online', description: "Asterisk's endpoint state, or not-provisioned" }) state: string;
  @IntField() channels: number;
}
