import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/openapi/error-responses';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ScreenPopService } from './screen-pop.service';
import { ScreenPopDto, SoftphoneSessionDto } from './dto/workspace.responses';
import { WorkspaceService } from './workspace.service';

@ApiTags('workspace')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('workspace')
export class WorkspaceController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly screenPop: ScreenPopService,
  ) {}

  /** The browser softphone's SIP account for this page session: a new password each time, the previous one stops working. */
  @Post('softphone/session')
  @HttpCode(200)
  @ApiOkResponse({ type: SoftphoneSessionDto })
  @Roles('rep')
  softphoneSession(@CurrentPrincipal() actor: Principal) {
    return this.workspace.softphoneSession(actor);
  }

  /** The client card for a ringing (or past) call: only for a rep it was offered to, their team's supervisors and trainers, admins. */
  @Get('calls/:callId/pop')
  @ApiOkResponse({ type: ScreenPopDto })
  pop(@CurrentPrincipal() actor: Principal, @Param('callId', new ParseUUIDPipe()) callId: string) {
    return this.screenPop.pop(actor, callId);
  }
}
