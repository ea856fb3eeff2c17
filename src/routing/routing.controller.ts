import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ForceStateDto, PauseDto } from './dto/presence.dto';
import { PresenceService } from './presence.service';
import { RepPresenceDto, RoutingMetricsDto, WaitingCallDto } from './dto/presence.responses';
import { ApiErrorResponses } from '../common/openapi/error-responses';

@ApiTags('routing')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller()
export class RoutingController {
  constructor(private readonly presence: PresenceService) {}

  @Post('reps/me/pause')
  @ApiOkResponse({ type: RepPresenceDto })
  @Roles('rep')
  @HttpCode(200)
  pause(@CurrentPrincipal() actor: Principal, @Body() body: PauseDto) {
    return this.presence.pauseSelf(actor, body.reason);
  }

  @Post('reps/me/resume')
  @ApiOkResponse({ type: RepPresenceDto })
  @Roles('rep')
  @HttpCode(200)
  resume(@CurrentPrincipal() actor: Principal) {
    return this.presence.resumeSelf(actor);
  }

  @Post('reps/:id/state')
  @ApiOkResponse({ type: RepPresenceDto })
  @Roles('supervisor', 'admin')
  @HttpCode(200)
  force(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ForceStateDto) {
    return this.presence.force(actor, id, body.state, body.reason);
  }

  @Get('routing/floor')
  @ApiOkResponse({ type: [RepPresenceDto] })
  floor(@CurrentPrincipal() actor: Principal) {
    return this.presence.floor(actor);
  }

  @Get('routing/queue')
  @ApiOkResponse({ type: [WaitingCallDto] })
  @Roles('supervisor', 'admin')
  queue(@CurrentPrincipal() actor: Principal) {
    return this.presence.queue(actor);
  }

  @Get('routing/metrics')
  @ApiOkResponse({ type: RoutingMetricsDto })
  @Roles('admin')
  metrics() {
    return this.presence.routingMetrics();
  }

  /** Starts a fresh measurement window (benchmarks, before/after a change). */
  @Post('routing/metrics/reset')
  @Roles('admin')
  @HttpCode(204)
  resetMetrics(): void {
    this.presence.resetRoutingLatency();
  }
}
