import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ROLES, Role } from '../user.entity';
import { SELLER_TIERS, SellerTier } from '../rep.entity';
import { IsOmittable } from '../../common/validation/is-omittable';

const LOGIN = /^[a-z0-9._-]{3,40}$/;
const SIP_CONTACT = /^sip:[a-z0-9_-]+@[0-9a-z.-]+:[0-9]{1,5}$/;

export class CreateTeamDto {
  @ApiProperty({ minLength: 2, maxLength: 80 }) @IsString() @Length(2, 80) name: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'anna.trainer', pattern: LOGIN.source }) @Matches(LOGIN, { message: 'login must be 3-40 chars of a-z 0-9 . _ -' }) login: string;
  @ApiProperty({ minLength: 1, maxLength: 120 }) @IsString() @Length(1, 120) displayName: string;
  @ApiProperty({ minLength: 12, maxLength: 200 }) @IsString() @Length(12, 200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() teamId?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'false: the user cannot sign in, their tokens stop working and their live sockets are closed' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class CreateRepDto {
  @ApiProperty({ example: 'max.mueller', pattern: LOGIN.source }) @Matches(LOGIN, { message: 'login must be 3-40 chars of a-z 0-9 . _ -' }) login: string;
  @ApiProperty({ minLength: 1, maxLength: 120 }) @IsString() @Length(1, 120) displayName: string;
  @ApiProperty({ minLength: 12, maxLength: 200 }) @IsString() @Length(12, 200) password: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() teamId: string;
  @ApiProperty({ enum: SELLER_TIERS }) @IsIn(SELLER_TIERS) tier: SellerTier;
  @ApiPropertyOptional({ type: [String] }) @IsOmittable() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) skills?: string[];
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(0) @Max(1000) dailyCallTarget?: number;
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(0) @Max(1000) dailyDealTarget?: number;
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(0) @Max(10000) monthlyWonTarget?: number;
  @ApiPropertyOptional({ description: 'Admin only: a fixed SIP contact instead of registration', example: 'sip:rep-anna@192.0.2.10:5060', pattern: SIP_CONTACT.source })
  @IsOmittable()
  @Matches(SIP_CONTACT, { message: 'sipStaticContact must look like sip:user@host:port' })
  sipStaticContact?: string;
}

export class UpdateRepDto {
  @ApiPropertyOptional({ enum: SELLER_TIERS }) @IsOmittable() @IsIn(SELLER_TIERS) tier?: SellerTier;
  @ApiPropertyOptional({ type: [String] }) @IsOmittable() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) skills?: string[];
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(0) @Max(1000) dailyCallTarget?: number;
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(0) @Max(1000) dailyDealTarget?: number;
  @ApiPropertyOptional() @IsOmittable() @IsInt() @Min(0) @Max(10000) monthlyWonTarget?: number;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ description: 'Admin only: a fixed SIP contact instead of registration', example: 'sip:rep-anna@192.0.2.10:5060', pattern: SIP_CONTACT.source, type: String, nullable: true })
  @IsOptional()
  @Matches(SIP_CONTACT, { message: 'sipStaticContact must look like sip:user@host:port' })
  sipStaticContact?: string | null;
}

export class RepListQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ enum: SELLER_TIERS }) @IsOptional() @IsIn(SELLER_TIERS) tier?: SellerTier;
}
