import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponseDto } from './dto/login.dto';
import { Principal } from './principal';
import { PrincipalDto } from './dto/principal.response';
import { ApiErrorResponses } from '../common/openapi/error-responses';

@ApiTags('auth')
@ApiErrorResponses()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS' })
  @ApiForbiddenResponse({ description: 'ACCOUNT_DISABLED: right password, but the user or rep is disabled' })
  @ApiTooManyRequestsResponse({ description: 'LOGIN_THROTTLED: too many failed logins for this login or address; see the Retry-After header (seconds)' })
  login(@Body() body: LoginDto, @Ip() address: string): Promise<LoginResponseDto> {
    // Express's req.ip: the TCP peer, or the X-Forwarded-For hop that TRUST_PROXY allows.
    return this.auth.login(body.login, body.password, address);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: PrincipalDto })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
