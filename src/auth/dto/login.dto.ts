import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ROLES } from '../../org/user.entity';

export class LoginDto {
  @ApiProperty({ example: 'admin', minLength: 3, maxLength: 40 })
  @IsString()
  @Length(3, 40)
  login: string;

  @ApiProperty({ example: 'example-password-not-real', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  password: string;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: 'integer' }) expiresInSeconds: number;
  @ApiProperty({ enum: ROLES }) role: string;
}
