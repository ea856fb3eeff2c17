import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { CreateCommentDto, CreateScoreDto, LegalHoldDto, RecordingSearchQuery, TrendsQuery, UpsertScorecardTemplateDto } from './dto/recordings.dto';
import { RecordingCaptureService } from './recording-capture.service';
import { RecordingRetentionService } from './recording-retention.service';
import { RecordingsQueryService } from './recordings-query.service';
import { RecordingsReviewService } from './recordings-review.service';
import { CommentDto, ErasedRecordingsDto, LegalHoldStateDto, PlayUrlDto, RecordingPageDto, recordingState, RecordingStateDto, RecordingViewDto, ScoreDto, ScoreResultDto, ScorecardTemplateDto, TrendsDto } from './dto/recordings.responses';
import { ApiErrorResponses } from '../common/openapi/error-responses';

/** HTTP edge of recordings: validates and delegates; access rules and auditing live in the services. */
@ApiTags('recordings')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller()
export class RecordingsController {
  constructor(
    private readonly capture: RecordingCaptureService,
    private readonly query: RecordingsQueryService,
    private readonly review: RecordingsReviewService,
    private readonly retention: RecordingRetentionService,
  ) {}

  @Post('calls/:callId/recording/pause')
  @ApiOkResponse({ type: RecordingStateDto })
  @HttpCode(200)
  pause(@CurrentPrincipal() actor: Principal, @Param('callId', new ParseUUIDPipe()) callId: string) {
    return this.capture.pause(actor, callId).then(recordingState);
  }

  @Post('calls/:callId/recording/resume')
  @ApiOkResponse({ type: RecordingStateDto })
  @HttpCode(200)
  resume(@CurrentPrincipal() actor: Principal, @Param('callId', new ParseUUIDPipe()) callId: string) {
    return this.capture.resume(actor, callId).then(recordingState);
  }

  @Get('recordings')
  @ApiOkResponse({ type: RecordingPageDto })
  search(@CurrentPrincipal() actor: Principal, @Query() query: RecordingSearchQuery) {
    return this.query.search(actor, query);
  }

  @Get('recordings/stats/trends')
  @ApiOkResponse({ type: TrendsDto })
  trends(@CurrentPrincipal() actor: Principal, @Query() query: TrendsQuery) {
    return this.query.trends(actor, query);
  }

  @Get('scorecard-templates')
  @ApiOkResponse({ type: [ScorecardTemplateDto] })
  templates() {
    return this.review.listTemplates();
  }

  @Put('scorecard-templates')
  @ApiOkResponse({ type: ScorecardTemplateDto })
  @Roles('admin')
  upsertTemplate(@CurrentPrincipal() actor: Principal, @Body() body: UpsertScorecardTemplateDto) {
    return this.review.upsertTemplate(actor, body);
  }

  @Get('recordings/:id')
  @ApiOkResponse({ type: RecordingViewDto })
  detail(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.query.detail(actor, id);
  }

  @Get('recordings/:id/url')
  @ApiOkResponse({ type: PlayUrlDto })
  playUrl(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.review.playUrl(actor, id);
  }

  @Get('recordings/:id/stream')
  @ApiOkResponse({ description: 'The WAV file (206 with Content-Range for a Range request)', content: { 'audio/wav': { schema: { type: 'string', format: 'binary' } } } })
  async stream(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('range') range: string | undefined,
    @Query('download') download: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const audio = await this.review.stream(actor, id, range, download === '1' || download === 'true');
      res.status(audio.status).set({ 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-store' });
      if (download === '1' || download === 'true') res.set('Content-Disposition', `attachment; filename="${id}.wav"`);
      if (audio.range) res.set('Content-Range', `bytes ${audio.range.start}-${audio.range.end}/${audio.size}`);
      res.set('Content-Length', String(audio.range ? audio.range.end - audio.range.start + 1 : audio.size));
      audio.body.on('error', () => res.destroy());
      audio.body.pipe(res);
    } catch (error) {
      if (error instanceof DomainError && error.details?.status === 416) {
        res.status(416).set('Content-Range', `bytes */${String(error.details.size)}`).json({ code: 'RANGE_NOT_SATISFIABLE', message: error.message });
        return;
      }
      throw error;
    }
  }

  @Get('recordings/:id/comments')
  @ApiOkResponse({ type: [CommentDto] })
  comments(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.review.listComments(actor, id);
  }

  @Post('recordings/:id/comments')
  @ApiCreatedResponse({ type: CommentDto })
  addComment(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateCommentDto) {
    return this.review.addComment(actor, id, body);
  }

  @Get('recordings/:id/scores')
  @ApiOkResponse({ type: [ScoreDto] })
  scores(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.review.listScores(actor, id);
  }

  @Post('recordings/:id/scores')
  @ApiCreatedResponse({ type: ScoreResultDto })
  score(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateScoreDto) {
    return this.review.score(actor, id, body);
  }

  @Patch('recordings/:id/legal-hold')
  @ApiOkResponse({ type: LegalHoldStateDto })
  legalHold(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: LegalHoldDto) {
    return this.review.setLegalHold(actor, id, body.legalHold);
  }

  @Post('clients/:clientId/recordings/erase')
  @ApiOkResponse({ type: ErasedRecordingsDto })
  @HttpCode(200)
  @Roles('admin')
  eraseClient(@CurrentPrincipal() actor: Principal, @Param('clientId', new ParseUUIDPipe()) clientId: string) {
    return this.retention.eraseClient(actor, clientId);
  }
}
