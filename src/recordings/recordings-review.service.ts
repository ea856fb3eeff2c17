import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ObjectStorage } from '../storage/object-storage';
import { CreateCommentDto, CreateScoreDto, UpsertScorecardTemplateDto } from './dto/recordings.dto';
import { RecordingAccessService, RecordingWithCall } from './recording-access.service';
import { RecordingComment, RecordingScore, ScorecardTemplate } from './recording-review.entities';
import { Recording } from './recording.entity';
import { ByteRange, parseByteRange } from './recording-key.util';
import { scoreScorecard, validateCriteria } from './scorecard.util';

export interface AudioStream {
  status: 200 | 206;
  size: number;
  range: ByteRange | null;
  body: Readable;
}

/** Listening, commenting and scoring. Every play or download is audited: who, which call, when. */
@Injectable()
export class RecordingsReviewService {
  constructor(
    private readonly access: RecordingAccessService,
    private readonly storage: ObjectStorage,
    private readonly audit: AuditService,
    @InjectRepository(Recording) private readonly recordings: Repository<Recording>,
    @InjectRepository(RecordingComment) private readonly comments: Repository<RecordingComment>,
    @InjectRepository(RecordingScore) private readonly scores: Repository<RecordingScore>,
    @InjectRepository(ScorecardTemplate) private readonly templates: Repository<ScorecardTemplate>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async playUrl(actor: Principal, recordingId: string, now = new Date()): Promise<{ url: string; expiresAt: string }> {
    const recording = this.playable(await this.access.load(actor, recordingId, 'recording.play'));
    const seconds = this.config.rules.recordings.presignedUrlSeconds;
    const url = await this.storage.presignedGetUrl(recording.objectKey, seconds);
    await this.audit.record({ actor, action: 'recording.play', entityType: 'recording', entityId: recording.id, details: { callId: recording.callId, via: 'presigned-url', expiresInSeconds: seconds } });
    return { url, expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() };
  }

  /**
   * Streams the object with Range support. A request starting at byte 0 is a new play (or a
   * download) and is audited; the follow-up range requests a player makes while seeking are not.
   */
  async stream(actor: Principal, recordingId: string, rangeHeader: string | undefined, download: boolean): Promise<AudioStream> {
    const recording = this.playable(await this.access.load(actor, recordingId, download ? 'recording.download' : 'recording.play'));
    const stat = await this.storage.stat(recording.objectKey);
    if (!stat) throw new DomainError('NOT_FOUND', 'The recording object is missing from storage', { recordingId });
    const range = parseByteRange(rangeHeader, stat.size);
    if (range === 'unsatisfiable') throw new DomainError('VALIDATION_FAILED', 'Range not satisfiable', { size: stat.size, status: 416 });
    if (!range || range.start === 0 || download) {
      await this.audit.record({ actor, action: download ? 'recording.download' : 'recording.play', entityType: 'recording', entityId: recording.id, details: { callId: recording.callId, via: 'stream', range: rangeHeader ?? null } });
    }
    const body = range ? await this.storage.getRange(recording.objectKey, range.start, range.end - range.start + 1) : await this.storage.get(recording.objectKey);
    return { status: range ? 206 : 200, size: stat.size, range, body };
  }

  async listComments(actor: Principal, recordingId: string): Promise<RecordingComment[]> {
    await this.access.load(actor, recordingId, 'recording.comments');
    const rows = await this.comments.find({ where: { recordingId }, order: { offsetSeconds: 'ASC', createdAt: 'ASC' } });
    return rows.map((row) => ({ ...row, offsetSeconds: Number(row.offsetSeconds) as unknown as string }));
  }

  async addComment(actor: Principal, recordingId: string, dto: CreateCommentDto): Promise<RecordingComment> {
    const recording = await this.access.load(actor, recordingId, 'recording.comment');
    if (recording.durationSeconds !== null && dto.offsetSeconds > recording.durationSeconds + 1) {
      throw new DomainError('VALIDATION_FAILED', `offsetSeconds is past the end of the recording (${recording.durationSeconds} s)`);
    }
    const saved = await this.comments.save(this.comments.create({ recordingId, authorUserId: actor.userId, offsetSeconds: dto.offsetSeconds.toFixed(2), body: dto.body }));
    return { ...saved, offsetSeconds: Number(saved.offsetSeconds) as unknown as string };
  }

  async listScores(actor: Principal, recordingId: string): Promise<RecordingScore[]> {
    await this.access.load(actor, recordingId, 'recording.scores');
    return this.scores.find({ where: { recordingId }, order: { createdAt: 'ASC' } });
  }

  /** One scorecard per scorer and template: scoring again replaces the earlier answers. */
  async score(actor: Principal, recordingId: string, dto: CreateScoreDto): Promise<{ id: string; score: number; templateKey: string }> {
    const recording = await this.access.load(actor, recordingId, 'recording.score', 'score');
    const template = await this.templates.findOneBy({ key: dto.templateKey ?? 'default', active: true });
    if (!template) throw notFound('scorecard template', dto.templateKey ?? 'default');
    const result = scoreScorecard(template.criteria, dto.answers);
    if (!result.ok) throw new DomainError('VALIDATION_FAILED', result.problems.join('; '), { problems: result.problems });
    await this.scores.upsert(
      { recordingId: recording.id, templateId: template.id, scorerUserId: actor.userId, answers: dto.answers, score: result.score.toFixed(1), note: dto.note ?? null, updatedAt: new Date() },
      { conflictPaths: ['recordingId', 'templateId', 'scorerUserId'] },
    );
    const saved = await this.scores.findOneByOrFail({ recordingId: recording.id, templateId: template.id, scorerUserId: actor.userId });
    return { id: saved.id, score: result.score, templateKey: template.key };
  }

  listTemplates(): Promise<ScorecardTemplate[]> {
    return this.templates.find({ where: { active: true }, order: { key: 'ASC' } });
  }

  async upsertTemplate(actor: Principal, dto: UpsertScorecardTemplateDto): Promise<ScorecardTemplate> {
    const problems = validateCriteria(dto.criteria);
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', problems.join('; '), { problems });
    await this.templates.upsert({ key: dto.key, name: dto.name, criteria: dto.criteria, active: dto.active ?? true }, { conflictPaths: ['key'] });
    await this.audit.record({ actor, action: 'scorecard.upsert', entityType: 'scorecard_template', entityId: dto.key, details: { criteria: dto.criteria.length } });
    return this.templates.findOneByOrFail({ key: dto.key });
  }

  async setLegalHold(actor: Principal, recordingId: string, legalHold: boolean): Promise<{ id: string; legalHold: boolean }> {
    if (actor.role !== 'admin') {
      await this.access.denied(actor, 'recording.legal-hold', recordingId);
      throw forbidden('Only admins may change a legal hold');
    }
    const result = await this.recordings.update({ id: recordingId }, { legalHold });
    if (!result.affected) throw notFound('recording', recordingId);
    await this.audit.record({ actor, action: 'recording.legal-hold', entityType: 'recording', entityId: recordingId, details: { legalHold } });
    return { id: recordingId, legalHold };
  }

  private playable(recording: RecordingWithCall): RecordingWithCall & { objectKey: string } {
    if (recording.status !== 'stored' || !recording.objectKey) throw new DomainError('INVALID_STATE', `The recording is not playable (status ${recording.status})`, { status: recording.status });
    return recording as RecordingWithCall & { objectKey: string };
  }
}
