import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, In, Repository } from 'typeorm';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ObjectStorage } from '../storage/object-storage';
import { Recording } from './recording.entity';
import { recordingObjectKey } from './recording-key.util';
import { RECORDING_SOURCE, RecordingSource } from './recording-source';
import { RecordingUploadQueue } from './recording-upload.queue';
import { inspectWav } from './wav.util';

export type UploadOutcome = 'stored' | 'already-stored' | 'recovered' | 'empty' | 'invalid' | 'source-missing' | 'skipped' | 'gone';

/** Thrown while Asterisk may still be writing the file: BullMQ tries again after its backoff. */
export class RecordingNotFinishedError extends Error {
  constructor(recordingId: string) {
    super(`recording ${recordingId} is still being written`);
    this.name = 'RecordingNotFinishedError';
  }
}

export class UploadVerificationError extends Error {
  constructor(key: string, what: string) {
    super(`object ${key} failed verification: ${what}`);
    this.name = 'UploadVerificationError';
  }
}

/** One counted attempt at moving a recording: what the transfer needs of its row. */
interface UploadAttempt {
  recording: Pick<Recording, 'id' | 'callId' | 'asteriskName' | 'startedAt'>;
  firstAttempt: boolean;
}

/** After the call ended without a RecordingFinished event, Asterisk has surely closed the file. */
const FINISH_GRACE_MS = 3000;

/**
 * Moves one recording from Asterisk to object storage. Idempotent by construction: the object key
 * is derived from the call, an existing object is reused only if its checksum matches, the row
 * turns 'stored' only after the object is proven (the store's MD5 of what it kept equals ours, or
 * it is read back and hashed), and Asterisk's copy is deleted last. Running it twice,
 * concurrently, or after a worker died half-way gives one good object.
 */
@Injectable()
export class RecordingUploadService {
  private readonly logger: AppLogger;

  constructor(
    @InjectRepository(Recording) private readonly recordings: Repository<Recording>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    @Inject(RECORDING_SOURCE) private readonly source: RecordingSource,
    private readonly queue: RecordingUploadQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'recording-upload' });
  }

  async process(recordingId: string, now: Date): Promise<UploadOutcome> {
    // The usual case, a finished recording waiting for upload, is counted and read in one statement.
    const attempt = (await this.countAttempt(recordingId)) ?? (await this.prepare(recordingId, now));
    if (typeof attempt === 'string') return attempt;
    const { recording, firstAttempt } = attempt;
    const log = this.logger.child({ recordingId, callId: recording.callId });
    try {
      const outcome = await this.transfer(recording, firstAttempt);
      log.info({ outcome, key: recordingObjectKey(recording.callId, recording.startedAt) }, 'recording processed');
      return outcome;
    } catch (error) {
      await this.recordings.update({ id: recordingId }, { lastError: String((error as Error).message ?? error).slice(0, 300) });
      log.warn({ err: error }, 'recording upload attempt failed; will retry');
      throw error;
    }
  }

  /** A recording in any other state: already stored, gone, erased, or still `recording` after its call ended. */
  private async prepare(recordingId: string, now: Date): Promise<UploadAttempt | UploadOutcome> {
    const recording = await this.recordings.findOneBy({ id: recordingId });
    if (!recording) return 'gone';
    if (recording.status === 'stored') {
      await this.source.remove(recording.asteriskName);
      return 'already-stored';
    }
    if (recording.status !== 'recording') return 'skipped';
    await this.settleUnfinished(recording, now);
    return (await this.countAttempt(recordingId)) ?? 'skipped';
  }

  /** Counts an attempt on a `pending-upload` recording and returns what the transfer needs; null in any other state. */
  private async countAttempt(recordingId: string): Promise<UploadAttempt | null> {
    const [row]: Array<{ id: string; call_id: string; asterisk_name: string; started_at: Date; upload_attempts: number }> = await this.dataSource.query(
      `WITH u AS (UPDATE recordings SET upload_attempts = upload_attempts + 1 WHERE id = $1 AND status = 'pending-upload' RETURNING id, call_id, asterisk_name, started_at, upload_attempts)
       SELECT * FROM u`,
      [recordingId],
    );
    if (!row) return null;
    // With no attempt before this one, no object of ours can exist yet.
    return { recording: { id: row.id, callId: row.call_id, asteriskName: row.asterisk_name, startedAt: row.started_at }, firstAttempt: row.upload_attempts === 1 };
  }

  /** Re-enqueues every recording that should be moving but has no live job (retries exhausted, lost event). */
  async sweep(now: Date): Promise<number> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT r.id FROM recordings r JOIN calls c ON c.id = r.call_id
        WHERE r.status = 'pending-upload'
           OR (r.status = 'recording' AND c.ended_at IS NOT NULL AND c.ended_at < $1)
        ORDER BY r.started_at LIMIT 500`,
      [new Date(now.getTime() - 60_000)],
    );
    let requeued = 0;
    for (const row of rows) if (await this.queue.requeue(row.id)) requeued += 1;
    if (requeued > 0) this.logger.info({ requeued }, 'recordings sweep re-enqueued uploads');
    return requeued;
  }

  private async settleUnfinished(recording: Recording, now: Date): Promise<void> {
    const [call] = await this.dataSource.query(`SELECT ended_at FROM calls WHERE id = $1`, [recording.callId]);
    const endedAt: Date | null = call?.ended_at ?? null;
    if (!endedAt || now.getTime() - new Date(endedAt).getTime() < FINISH_GRACE_MS) throw new RecordingNotFinishedError(recording.id);
    await this.recordings.update({ id: recording.id, status: 'recording' }, { status: 'pending-upload', finishedAt: endedAt });
    recording.status = 'pending-upload';
  }

  private async transfer(recording: UploadAttempt['recording'], firstAttempt: boolean): Promise<UploadOutcome> {
    const key = recordingObjectKey(recording.callId, recording.startedAt);
    const file = await this.source.download(recording.asteriskName);
    if (!file) return this.recoverWithoutSource(recording, key);
    const verdict = inspectWav(file);
    if (verdict.kind === 'invalid') {
      // Kept on Asterisk for a human to look at: it is not audio we understand.
      await this.finish(recording.id, { status: 'failed', flag: 'invalid-wav', lastError: verdict.reason, sizeBytes: String(file.length) });
      return 'invalid';
    }
    const sha256 = sha256Hex(file);
    if (verdict.kind === 'empty') {
      await this.finish(recording.id, { status: 'empty', flag: verdict.reason, sha256, sizeBytes: String(file.length), durationSeconds: verdict.durationSeconds.toFixed(2), lastError: null });
      await this.source.remove(recording.asteriskName);
      return 'empty';
    }
    // A retry may find the object an earlier attempt stored; the first attempt has nothing to find.
    const existing = firstAttempt ? null : await this.storage.stat(key);
    let provenByDigest = false;
    if (!(existing && existing.size === file.length && existing.metadata.sha256 === sha256)) {
      const { etag } = await this.storage.put(key, file, {
        'Content-Type': 'audio/wav',
        sha256,
        'recording-id': recording.id,
        'call-id': recording.callId,
        'duration-seconds': verdict.durationSeconds.toFixed(2),
      });
      provenByDigest = this.config.rules.recordings.verify === 'digest' && etag.toLowerCase() === md5Hex(file);
    }
    if (!provenByDigest) await this.verifyObject(key, file.length, sha256);
    await this.finish(recording.id, { status: 'stored', objectKey: key, sha256, sizeBytes: String(file.length), durationSeconds: verdict.durationSeconds.toFixed(2), storedAt: new Date(), flag: null, lastError: null });
    await this.source.remove(recording.asteriskName);
    return 'stored';
  }

  /** Asterisk's copy is gone: only an object that proves itself (size and checksum) may stand in. */
  private async recoverWithoutSource(recording: UploadAttempt['recording'], key: string): Promise<UploadOutcome> {
    const existing = await this.storage.stat(key);
    if (existing?.metadata.sha256) {
      const body = await readAll(await this.storage.get(key));
      const sha256 = sha256Hex(body);
      const verdict = inspectWav(body);
      if (body.length === existing.size && sha256 === existing.metadata.sha256 && verdict.kind === 'audio') {
        await this.finish(recording.id, { status: 'stored', objectKey: key, sha256, sizeBytes: String(body.length), durationSeconds: verdict.durationSeconds.toFixed(2), storedAt: new Date(), flag: null, lastError: null });
        return 'recovered';
      }
    }
    await this.finish(recording.id, { status: 'failed', flag: 'source-missing', lastError: 'Asterisk has no such stored recording and no verified object exists' });
    return 'source-missing';
  }

  /** Strict: the object is read back in full and hashed, not just its metadata trusted. */
  private async verifyObject(key: string, size: number, sha256: string): Promise<void> {
    const stat = await this.storage.stat(key);
    if (!stat) throw new UploadVerificationError(key, 'missing after upload');
    if (stat.size !== size) throw new UploadVerificationError(key, `size ${stat.size}, expected ${size}`);
    if (stat.metadata.sha256 !== sha256) throw new UploadVerificationError(key, 'sha256 metadata differs');
    const actual = sha256Hex(await readAll(await this.storage.get(key)));
    if (actual !== sha256) throw new UploadVerificationError(key, 'content hash differs');
  }

  private async finish(id: string, patch: Partial<Recording>): Promise<void> {
    // Never resurrect a recording that was erased or deleted by retention meanwhile.
    await this.recordings.update({ id, status: In(['recording', 'pending-upload']) }, patch);
  }
}

function md5Hex(buffer: Buffer): string {
  return createHash('md5').update(buffer).digest('hex');
}

export function sha256Hex(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
