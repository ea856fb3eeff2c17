import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/openapi/error-responses';
import { CrmSignatureGuard } from './crm-signature.guard';
import { CrmEventDto, CrmEventResultDto } from './dto/crm-event.dto';
import { ProposalEventsService } from './proposal-events.service';

/** Events the CRM sends us, signed with WEBHOOK_SECRET like the webhooks we send it (docs/webhooks.md). */
@ApiTags('integrations')
@ApiErrorResponses()
@Public()
@UseGuards(CrmSignatureGuard)
@Controller('integrations/crm')
export class CrmEventsController {
  constructor(private readonly proposals: ProposalEventsService) {}

  /** proposal.opened: the client is reading the proposal → a call-now task, a toast, sms.requested. */
  @Post('events')
  @HttpCode(200)
  @ApiHeader({ name: 'X-Salescall-Timestamp', required: true, description: 'Unix seconds; refused beyond ±300 s' })
  @ApiHeader({ name: 'X-Salescall-Signature', required: true, description: 'v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with WEBHOOK_SECRET>' })
  @ApiOkResponse({ type: CrmEventResultDto })
  event(@Body() body: CrmEventDto): Promise<CrmEventResultDto> {
    return this.proposals.proposalOpened(body);
  }
}
