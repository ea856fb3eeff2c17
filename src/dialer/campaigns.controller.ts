import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { CampaignsService } from './campaigns.service';
import { CampaignActionDto, CreateCampaignDto, NpsReportQuery, UpdateCampaignDto, UploadTargetsDto } from './dto/campaign.dto';
import { NpsReportsService, reportToCsv } from './nps-reports.service';
import { CampaignDto, CampaignProgressDto, NpsReportRowDto, TargetsUploadResultDto } from './dto/campaign.responses';
import { ApiErrorResponses } from '../common/openapi/error-responses';

/** HTTP edge of the NPS dialer: validates and delegates; team scoping lives in the services. */
@ApiTags('dialer')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller()
@Roles('admin', 'supervisor')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly reports: NpsReportsService,
  ) {}

  @Post('campaigns')
  @ApiCreatedResponse({ type: CampaignDto })
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreateCampaignDto) {
    return this.campaigns.create(actor, body);
  }

  @Get('campaigns')
  @ApiOkResponse({ type: [CampaignDto] })
  list(@CurrentPrincipal() actor: Principal) {
    return this.campaigns.list(actor);
  }

  @Get('campaigns/:id')
  @ApiOkResponse({ type: CampaignDto })
  get(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.campaigns.get(actor, id);
  }

  @Patch('campaigns/:id')
  @ApiOkResponse({ type: CampaignDto })
  update(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateCampaignDto) {
    return this.campaigns.update(actor, id, body);
  }

  @Post('campaigns/:id/actions')
  @ApiOkResponse({ type: CampaignDto })
  @HttpCode(200)
  act(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CampaignActionDto) {
    return this.campaigns.act(actor, id, body.action);
  }

  @Post('campaigns/:id/targets')
  @ApiCreatedResponse({ type: TargetsUploadResultDto })
  upload(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UploadTargetsDto) {
    return this.campaigns.uploadTargets(actor, id, body.csv);
  }

  @Get('campaigns/:id/progress')
  @ApiOkResponse({ type: CampaignProgressDto })
  progress(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.campaigns.progress(actor, id);
  }

  @Get('reports/nps')
  @ApiOkResponse({ type: [NpsReportRowDto] })
  report(@CurrentPrincipal() actor: Principal, @Query() query: NpsReportQuery) {
    return this.reports.report(actor, query);
  }

  @Get('reports/nps.csv')
  @ApiOkResponse({ description: 'The same rows as /reports/nps, as CSV with a header line', content: { 'text/csv': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="nps-report.csv"')
  async reportCsv(@CurrentPrincipal() actor: Principal, @Query() query: NpsReportQuery) {
    return reportToCsv(await this.reports.report(actor, query));
  }
}
