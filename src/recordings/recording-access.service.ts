import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { forbidden, notFound } from '../common/errors/domain-error';
import { canAccessRecording, scoresCalls } from './recordings.policy';

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
 * Loads a recording with the call facts that scope it and applies the access policy. A recording
 * the caller may not reach answers like one that does not exist (404), so ids cannot be probed
 * across teams; the attempt is still written to the audit log as denied.
 */
@Injectable()
export class RecordingAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async load(actor: Principal, recordingId: string, action: string, need: 'view' | 'score' = 'view'): Promise<RecordingWithCall> {
    // A refusal by role comes before the row is read: it must not depend on whether the row exists.
    if (need === 'score' && !scoresCalls(actor)) {
      await this.denied(actor, action, recordingId);
      throw forbidden('Reps do not score calls');
    }
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
    if (!canAccessRecording(actor, recording)) {
      await this.denied(actor, action, recording.id, { callId: recording.callId });
      throw notFound('recording', recordingId);
    }
    return recording;
  }

  async denied(actor: Principal, action: string, entityId: string | null, details: Record<string, unknown> = {}): Promise<void> {
    await this.audit.record({ actor, action, entityType: 'recording', entityId, outcome: 'denied', details });
  }
}
