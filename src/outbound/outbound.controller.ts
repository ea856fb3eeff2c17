import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ClickToCallService } from './click-to-call.service';
import { ClickToCallDto } from './dto/click-to-call.dto';
import { ClickToCallStartedDto } from './dto/click-to-call.responses';
import { ApiErrorResponses } from '../common/openapi/error-responses';

@ApiTags('calls')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('calls')
export class OutboundController {
  constructor(private readonly clickToCall: ClickToCallService) {}

  /** Rings the rep's softphone; when they pick up, the client is dialed and bridged. */
  @Post('click-to-call')
  @ApiAcceptedResponse({ type: ClickToCallStartedDto, description: 'The rep leg is ringing; the client is dialed when the rep answers' })
  @Roles('rep')
  @HttpCode(202)
  start(@CurrentPrincipal() actor: Principal, @Body() body: ClickToCallDto) {
    return this.clickToCall.start(actor, body);
  }
}
