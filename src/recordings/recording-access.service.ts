import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { forbidden, notFound } from '../common/errors/domain-error';
import { canAccessRecording, canScoreRecording } from './recordings.policy';

export interface RecordingWithCall {
  id: string;
  callId: string;
  status: string;
  objectKey: string | null;
  sizeBytes: number | null;
  durationSeconds: number | null;
  repId: string | null;
  teamId: string | null;
}

/**
 * Loads a recording with the call facts that scope it and applies the access policy; every refusal
 * is written to the audit log as a denied attempt before the 403 goes out.
 */
@Injectable()
export class RecordingAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async load(actor: Principal, recordingId: string, action: string, need: 'view' | 'score' = 'view'): Promise<RecordingWithCall> {
    const [row] = await this.dataSource.query(
      `SELECT r.id, r.call_id, r.status, r.object_key, r.size_bytes, r.duration_seconds, c.rep_id, c.team_id
         FROM recordings r JOIN calls c ON c.id = r.call_id WHERE r.id = $1`,
      [recordingId],
    );
    if (!row) throw notFound('recording', recordingId);
    const recording: RecordingWithCall = {
      id: row.id,
      callId: row.call_id,
      status: row.status,
      objectKey: row.object_key,
      sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
      durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
      repId: row.rep_id,
      teamId: row.team_id,
    };
    const allowed = need === 'score' ? canScoreRecording(actor, recording) : canAccessRecording(actor, recording);
    if (!allowed) {
      await this.denied(actor, action, recording.id, { callId: recording.callId });
      throw forbidden('You may not access this recording');
    }
    return recording;
  }

  async denied(actor: Principal, action: string, entityId: string | null, details: Record<string, unknown> = {}): Promise<void> {
    await this.audit.record({ actor, action, entityType: 'recording', entityId, outcome: 'denied', details });
  }
}
