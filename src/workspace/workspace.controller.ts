import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiErrorResponses } from '../common/openapi/error-responses';
import { MyWorkDto } from './dto/my-work.dto';
import { WrapUpDto, WrapUpResultDto } from './dto/wrap-up.dto';
import { MyWorkService } from './my-work.service';
import { ScreenPopService } from './screen-pop.service';
import { ScreenPopDto, SoftphoneSessionDto } from './dto/workspace.responses';
import { WorkspaceService } from './workspace.service';
import { WrapUpService } from './wrap-up.service';

@ApiTags('workspace')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('workspace')
export class WorkspaceController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly screenPop: ScreenPopService,
    private readonly wrapUps: WrapUpService,
    private readonly myWorkService: MyWorkService,
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

  /**
   * The rep's wrap-up of their ended call: outcome, note, tasks, deal stage or close; ends their
   * wrap-up time. Only the rep who took the call; a second submit answers the first (replayed).
   */
  @Post('calls/:callId/wrap-up')
  @HttpCode(200)
  @Roles('rep')
  @ApiOkResponse({ type: WrapUpResultDto })
  wrapUp(@CurrentPrincipal() actor: Principal, @Param('callId', new ParseUUIDPipe()) callId: string, @Body() body: WrapUpDto): Promise<WrapUpResultDto> {
    return this.wrapUps.wrapUp(actor, callId, body);
  }

  /** My work: next call, callbacks due and overdue, presence and pause reasons, today against plan. */
  @Get('me/work')
  @Roles('rep')
  @ApiOkResponse({ type: MyWorkDto })
  myWork(@CurrentPrincipal() actor: Principal): Promise<MyWorkDto> {
    return this.myWorkService.myWork(actor);
  }
}
