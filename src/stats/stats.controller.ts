import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { toCsv } from './csv.util';
import { FunnelQuery, StatsRangeQuery } from './dto/stats.dto';
import { FunnelRow, PlanRow, StatsReportsService } from './stats-reports.service';
import { CallsPerHourRowDto, DealTimelineDto, FunnelRowDto, PlanRowDto } from './dto/stats.responses';
import { ApiErrorResponses } from '../common/openapi/error-responses';

const FUNNEL_COLUMNS: (keyof FunnelRow & string)[] = ['group', 'stageKey', 'stageName', 'position', 'entered', 'calls', 'answeredCalls', 'talkSeconds', 'touchesBeforeMove', 'advanced', 'won', 'lost', 'stillOpen', 'conversionNext', 'conversionWon'];
const PLAN_COLUMNS: (keyof PlanRow & string)[] = ['repId', 'repName', 'teamId', 'callsMade', 'callsAnswered', 'talkSeconds', 'dealsOpened', 'dealsWon', 'callsPlan', 'callsDone', 'dealsPlan', 'dealsDone', 'wonPlan', 'wonDone'];

/** Funnel, plan-vs-fact, calls per hour and deal timeline; `format=csv` gives a download of the same rows. */
@ApiTags('stats')
@ApiErrorResponses()
@ApiExtraModels(FunnelRowDto, PlanRowDto)
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly reports: StatsReportsService) {}

  @Get('funnel')
  @ApiOkResponse({ description: 'Rows as JSON, or as CSV with format=csv', content: { 'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(FunnelRowDto) } } }, 'text/csv': { schema: { type: 'string' } } } })
  async funnel(@CurrentPrincipal() actor: Principal, @Query() query: FunnelQuery, @Res({ passthrough: true }) res: Response) {
    const rows = await this.reports.funnel(actor, query);
    return query.format === 'csv' ? csv(res, 'funnel.csv', toCsv(rows as unknown as Record<string, unknown>[], FUNNEL_COLUMNS)) : rows;
  }

  @Get('plan')
  @ApiOkResponse({ description: 'Rows as JSON, or as CSV with format=csv', content: { 'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(PlanRowDto) } } }, 'text/csv': { schema: { type: 'string' } } } })
  async plan(@CurrentPrincipal() actor: Principal, @Query() query: StatsRangeQuery, @Res({ passthrough: true }) res: Response) {
    const rows = await this.reports.plan(actor, query);
    return query.format === 'csv' ? csv(res, 'plan-vs-fact.csv', toCsv(rows as unknown as Record<string, unknown>[], PLAN_COLUMNS)) : rows;
  }

  @Get('calls-per-hour')
  @ApiOkResponse({ type: [CallsPerHourRowDto], description: 'Hours with calls in the range (default the last 30 days), oldest first' })
  callsPerHour(@CurrentPrincipal() actor: Principal, @Query() query: StatsRangeQuery) {
    return this.reports.callsPerHour(actor, query);
  }

  @Get('deals/:id/timeline')
  @ApiOkResponse({ type: DealTimelineDto })
  timeline(@CurrentPrincipal() actor: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.reports.dealTimeline(actor, id);
  }
}

function csv(res: Response, filename: string, body: string): string {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return body;
}
