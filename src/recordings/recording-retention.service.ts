import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { notFound } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ObjectStorage } from '../storage/object-storage';
import { RECORDING_SOURCE, RecordingSource } from './recording-source';

interface DeletableRow {
  id: string;
  object_key: string | null;
  asterisk_name: string;
  status: string;
}

/**
 * Retention (older than rules.recordings.retentionDays, unless on legal hold) and erasure of a
 * client's recordings. The row stays as a tombstone (status 'deleted', no key) so the call history
 * still shows that a recording existed; comments and scores about the audio go with it.
 */
@Injectable()
export class RecordingRetentionService {
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    @Inject(RECORDING_SOURCE) private readonly source: RecordingSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'recording-retention' });
  }

  async applyRetention(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.rules.recordings.retentionDays * 86_400_000);
    const rows: DeletableRow[] = await this.dataSource.query(
      `SELECT id, object_key, asterisk_name, status FROM recordings
        WHERE (status IN ('stored', 'empty', 'failed') AND NOT legal_hold AND started_at < $1)
           OR (status = 'deleted' AND object_key IS NOT NULL)
        ORDER BY started_at LIMIT 1000`,
      [cutoff],
    );
    const deleted = await this.deleteAll(rows, now);
    if (deleted > 0) {
      await this.audit.record({ actor: null, action: 'recording.retention', entityType: 'recording', details: { deleted, olderThan: cutoff.toISOString() } });
      this.logger.info({ deleted, cutoff }, 'recordings past retention deleted');
    }
    return deleted;
  }

  /** Right to erasure: every recording of the client's calls, whatever the legal hold says about retention. */
  async eraseClient(actor: Principal, clientId: string, now = new Date()): Promise<{ deleted: number }> {
    const [client] = await this.dataSource.query(`SELECT id FROM clients WHERE id = $1`, [clientId]);
    if (!client) throw notFound('client', clientId);
    const rows: DeletableRow[] = await this.dataSource.query(
      `SELECT r.id, r.object_key, r.asterisk_name, r.status FROM recordings r JOIN calls c ON c.id = r.call_id
        WHERE c.client_id = $1 AND (r.status <> 'deleted' OR r.object_key IS NOT NULL)`,
      [clientId],
    );
    const deleted = await this.deleteAll(rows, now);
    // Counts and ids only: never the audio, a transcript or the client's details.
    await this.audit.record({ actor, action: 'recording.erase-client', entityType: 'client', entityId: clientId, details: { deleted, recordingIds: rows.map((row) => row.id) } });
    return { deleted };
  }

  private async deleteAll(rows: DeletableRow[], now: Date): Promise<number> {
    let deleted = 0;
    for (const row of rows) {
      // The row turns 'deleted' first so no upload can store it again; the key is cleared only
      // once the bytes are gone, so a storage outage leaves a tombstone the next run finishes.
      await this.dataSource.query(`UPDATE recordings SET status = 'deleted', deleted_at = coalesce(deleted_at, $2) WHERE id = $1`, [row.id, now]);
      await this.dataSource.query(`DELETE FROM recording_comments WHERE recording_id = $1`, [row.id]);
      if (row.object_key) await this.storage.remove(row.object_key);
      await this.dataSource.query(`UPDATE recordings SET object_key = NULL WHERE id = $1`, [row.id]);
      await this.source.remove(row.asterisk_name).catch((error: unknown) => this.logger.warn({ err: error, recordingId: row.id }, 'Asterisk copy not removed'));
      deleted += 1;
    }
    return deleted;
  }
}
