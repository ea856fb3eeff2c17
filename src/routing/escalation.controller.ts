import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiErrorResponses } from '../common/openapi/error-responses';
import { EscalationDto, StartEscalationDto } from './dto/escalation.dto';
import { EscalationService } from './escalation.service';

/** A rep hands the client on their own live call to a strong seller (docs/routing.md, Escalation). */
@ApiTags('routing')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller('calls/:callId/escalations')
export class EscalationController {
  constructor(private readonly escalations: EscalationService) {}

  @Post()
  @Roles('rep')
  @HttpCode(200)
  @ApiOkResponse({ type: EscalationDto })
  start(@CurrentPrincipal() actor: Principal, @Param('callId', ParseUUIDPipe) callId: string, @Body() body: StartEscalationDto) {
    return this.escalations.request(actor, callId, body.mode, body.mode === 'warm' ? (body.toRepId ?? null) : null);
  }

  @Post('complete')
  @Roles('rep')
  @HttpCode(200)
  @ApiOkResponse({ type: EscalationDto })
  complete(@CurrentPrincipal() actor: Principal, @Param('callId', ParseUUIDPipe) callId: string) {
    return this.escalations.complete(actor, callId);
  }

  @Post('cancel')
  @Roles('rep')
  @HttpCode(200)
  @ApiOkResponse({ type: EscalationDto })
  cancel(@CurrentPrincipal() actor: Principal, @Param('callId', ParseUUIDPipe) callId: string) {
    return this.escalations.cancel(actor, callId);
  }
}
