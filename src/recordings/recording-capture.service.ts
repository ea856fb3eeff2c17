import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CallJournalService } from '../calls/call-journal.service';
import { Principal } from '../auth/principal';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import { DomainEventMap, DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LivePublisher } from '../live/live-publisher';
import { RecordingEvent } from '../telephony/ari/ari-events';
import { AriRequestError } from '../telephony/ari/ari-errors';
import { AriClient } from '../telephony/ari/ari.client';
import { closeWindow, openWindow, recordingOffset } from './paused-windows.util';
import { Recording } from './recording.entity';
import { RecordingUploadQueue } from './recording-upload.queue';
import { canControlRecording, shouldRecord, steersRecordings } from './recordings.policy';

/** Safety net when RecordingFinished is lost (websocket gap): the upload job checks the call end. */
const AFTER_CALL_END_DELAY_MS = 4000;

/**
 * Starts the bridge recording when a call is bridged, follows Asterisk's recording events, and
 * pauses/resumes for sensitive moments. Recording names are UUIDs we generate: no user text ever
 * reaches a file name or an ARI path.
 */
@Injectable()
export class RecordingCaptureService implements OnModuleInit, OnModuleDestroy {
  private readonly logger: AppLogger;
  private readonly unsubscribe: Array<() => void> = [];
  /** Recordings whose row is still being written, by recording name and by call id. */
  private readonly pending = new Map<string, Promise<void>>();
  /** The call of each recording started here: its later writes queue on that call's journal chain. */
  private readonly callOf = new Map<string, string>();

  constructor(
    private readonly ari: AriClient,
    private readonly domainEvents: DomainEvents,
    @InjectRepository(Recording) private readonly recordings: Repository<Recording>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: RecordingUploadQueue,
    private readonly audit: AuditService,
    private readonly live: LivePublisher,
    private readonly journal: CallJournalService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'recording-capture' });
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.domainEvents.on('call.bridged', (event) => this.onCallBridged(event)),
      this.domainEvents.on('call.ended', (event) => this.onCallEnded(event)),
      this.ari.events.on('RecordingFinished', (event) => this.onRecordingFinished(event)),
      this.ari.events.on('RecordingFailed', (event) => this.onRecordingFailed(event)),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  async onCallBridged(event: DomainEventMap['call.bridged']): Promise<void> {
    const log = this.logger.child({ callId: event.callId, repId: event.repId });
    // While PostgreSQL is down the refusal cannot be read: record, and honour a refusal once the row can be written.
    const refused = await this.clientRefused(event.clientId).catch((error: unknown) => {
      log.warn({ err: error }, 'recording refusal not readable; recording, checked again before the row is written');
      return null;
    });
    const decision = shouldRecord({ direction: event.direction, campaignId: event.campaignId, clientRefused: refused === true }, this.config.rules.recordings);
    if (!decision.record) {
      log.info({ reason: decision.reason }, 'call not recorded');
      return;
    }
    const name = randomUUID();
    this.callOf.set(name, event.callId);
    const row = this.capture(event, name, refused === null, log);
    this.pending.set(name, row);
    this.pending.set(event.callId, row);
    try {
      await row;
    } finally {
      this.pending.delete(name);
      this.pending.delete(event.callId);
    }
  }

  /**
   * Whether the client asked not to be recorded.
   */
  private async clientRefused(clientId: string | null): Promise<boolean> {
    if (!clientId) return false;
    const [client] = await this.dataSource.query(`SELECT recording_refused FROM clients WHERE id = $1`, [clientId]);
    return client?.recording_refused === true;
  }

  /**
   * Recording starts at once (the first words of a call matter most to a trainer); its row is
   * written through the call's journal chain: after the call's own row (which it refers to), and
   * retried until it lands when PostgreSQL is down (the upload sweeper finds recordings only by
   * their rows). Events about the recording wait for this through `pending`.
   */
  private async capture(event: DomainEventMap['call.bridged'], name: string, refusalUnknown: boolean, log: AppLogger): Promise<void> {
    let startedAt: Date | undefined;
    let failure: unknown = null;
    try {
      await this.ari.recordBridge(event.bridgeId, { name, format: 'wav', ifExists: 'fail' });
      // Offsets of paused windows count from the moment Asterisk accepted the recording.
      startedAt = new Date();
    } catch (error) {
      failure = error;
    }
    // A bridge that is already gone is a call that ended before recording began: nothing was lost.
    const endedFirst = failure instanceof AriRequestError && failure.isNotFound;
    const row: Partial<Recording> = failure
      ? { status: 'failed', flag: endedFirst ? 'call-ended-first' : 'start-failed', lastError: String((failure as Error).message).slice(0, 300) }
      : { status: 'recording', startedAt };
    let inserted: string | null | undefined;
    let refusedLate = false;
    await this.journal.enqueue(
      event.callId,
      async () => {
        refusedLate = refusalUnknown && (await this.clientRefused(event.clientId));
        inserted = refusedLate ? null : await this.insertRow(event.callId, name, row);
      },
      'recording.started',
    );
    if (failure || !inserted) this.callOf.delete(name);
    if (refusedLate) {
      log.info('client refused recording; the recording started during the database outage is discarded');
      if (!failure) await this.ari.cancelRecording(name).catch(() => undefined);
      return;
    }
    if (inserted === undefined) {
      // Given up or refused by the journal's bound (logged there): the file exists on Asterisk without a row.
      if (!failure) log.error({ asteriskName: name }, 'recording row not written; the file stays on Asterisk under this name');
      return;
    }
    if (!inserted) {
      log.info('call already has a recording; this one is discarded');
      if (!failure) await this.ari.cancelRecording(name).catch(() => undefined);
      return;
    }
    if (!failure) log.info({ recordingId: inserted }, 'bridge recording started');
    else if (endedFirst) log.info({ recordingId: inserted }, 'call ended before its recording could start');
    else log.error({ err: failure, recordingId: inserted }, 'bridge recording could not start');
  }

  async onCallEnded(event: DomainEventMap['call.ended']): Promise<void> {
    await this.pending.get(event.callId);
    let safetyNet: string | null = null;
    await this.journal.enqueue(
      event.callId,
      async () => {
        const recording = await this.recordings.findOneBy({ callId: event.callId });
        if (!recording || (recording.status !== 'recording' && recording.status !== 'pending-upload')) return;
        const closed = closeWindow(recording.pausedWindows, recordingOffset(recording.startedAt, event.at));
        if (closed.ok) await this.recordings.update({ id: recording.id }, { pausedWindows: closed.windows });
        // The safety net for a lost RecordingFinished; once that has arrived, its upload is queued already.
        safetyNet = recording.status === 'recording' ? recording.id : null;
      },
      'recording.call-ended',
    );
    if (safetyNet) await this.queue.enqueue(safetyNet, AFTER_CALL_END_DELAY_MS);
  }

  /** One statement: the row turns `pending-upload` if it was still `recording`; its upload is queued either way. */
  async onRecordingFinished(event: RecordingEvent): Promise<void> {
    await this.pending.get(event.recording.name);
    const finishedAt = new Date();
    let rows: Array<{ id: string }> = [];
    await this.onRecordingChain(event.recording.name, 'recording.finished', async () => {
      rows = await this.dataSource.query(
        `WITH r AS (SELECT id FROM recordings WHERE asterisk_name = $1),
              u AS (UPDATE recordings SET status = 'pending-upload', finished_at = $2 WHERE id IN (SELECT id FROM r) AND status = 'recording')
         SELECT id FROM r`,
        [event.recording.name, finishedAt],
      );
    });
    this.callOf.delete(event.recording.name);
    if (rows.length === 0) return;
    await this.queue.enqueue(rows[0].id);
  }

  /** Writes about a recording go behind its call's earlier writes (its row first), retried like them. */
  private onRecordingChain(name: string, what: string, work: () => Promise<void>): Promise<void> {
    const callId = this.callOf.get(name);
    return this.journal.enqueue(callId ?? `recording:${name}`, work, what);
  }

  async onRecordingFailed(event: RecordingEvent): Promise<void> {
    await this.pending.get(event.recording.name);
    await this.onRecordingChain(event.recording.name, 'recording.failed', async () => {
      const recording = await this.recordings.findOneBy({ asteriskName: event.recording.name });
      if (!recording) return;
      await this.recordings.update({ id: recording.id, status: 'recording' }, { status: 'failed', flag: 'asterisk-failed', lastError: (event.recording.cause ?? 'RecordingFailed').slice(0, 300) });
      this.logger.error({ recordingId: recording.id, callId: recording.callId, cause: event.recording.cause }, 'Asterisk reported the recording failed');
    });
    this.callOf.delete(event.recording.name);
  }

  async pause(actor: Principal, callId: string, now = new Date()): Promise<Recording> {
    const { recording, call } = await this.controllable(actor, callId, 'recording.pause');
    const change = openWindow(recording.pausedWindows, recordingOffset(recording.startedAt, now), actor.userId);
    if (!change.ok) throw new DomainError('INVALID_STATE', 'The recording is already paused', { reason: change.reason });
    // Mute, not ARI pause: pause drops the paused time from the file (measured: a 6.6 s call gave
    // a 4.6 s file), which would shift every later offset; mute writes silence and keeps the timeline.
    await this.ari.muteRecording(recording.asteriskName);
    await this.recordings.update({ id: recording.id }, { pausedWindows: change.windows });
    await this.audit.record({ actor, action: 'recording.pause', entityType: 'call', entityId: callId, details: { recordingId: recording.id, atSeconds: change.windows[change.windows.length - 1].fromSeconds } });
    this.live.publish('recording.paused', { teamId: call.team_id, repId: call.rep_id }, { callId, recordingId: recording.id });
    return { ...recording, pausedWindows: change.windows };
  }

  async resume(actor: Principal, callId: string, now = new Date()): Promise<Recording> {
    const { recording, call } = await this.controllable(actor, callId, 'recording.resume');
    const change = closeWindow(recording.pausedWindows, recordingOffset(recording.startedAt, now));
    if (!change.ok) throw new DomainError('INVALID_STATE', 'The recording is not paused', { reason: change.reason });
    try {
      await this.ari.unmuteRecording(recording.asteriskName);
    } catch (error) {
      // A recording stuck in pause loses the rest of the call: say so loudly, everywhere.
      const message = String((error as Error).message).slice(0, 200);
      await this.audit.record({ actor, action: 'recording.resume', entityType: 'call', entityId: callId, details: { recordingId: recording.id, failed: true, error: message } });
      this.live.publish('recording.resume-failed', { teamId: call.team_id, repId: call.rep_id }, { callId, recordingId: recording.id, error: message });
      this.logger.error({ err: error, callId, recordingId: recording.id }, 'recording resume failed');
      throw new DomainError('RECORDING_RESUME_FAILED', 'Asterisk did not resume the recording; it is still paused', { callId, recordingId: recording.id, cause: message });
    }
    await this.recordings.update({ id: recording.id }, { pausedWindows: change.windows });
    await this.audit.record({ actor, action: 'recording.resume', entityType: 'call', entityId: callId, details: { recordingId: recording.id } });
    this.live.publish('recording.resumed', { teamId: call.team_id, repId: call.rep_id }, { callId, recordingId: recording.id });
    return { ...recording, pausedWindows: change.windows };
  }

  private async controllable(actor: Principal, callId: string, action: string): Promise<{ recording: Recording; call: { rep_id: string | null; team_id: string | null } }> {
    // A refusal by role comes first: it must not depend on whether the call exists.
    if (!steersRecordings(actor)) {
      await this.audit.record({ actor, action, entityType: 'call', entityId: callId, outcome: 'denied' });
      throw forbidden('Trainers do not pause or resume recordings');
    }
    await this.pending.get(callId);
    const [call] = await this.dataSource.query(`SELECT rep_id, team_id FROM calls WHERE id = $1`, [callId]);
    if (!call) throw notFound('call', callId);
    // Someone else's call reads like one that does not exist; the attempt is still audited.
    if (!canControlRecording(actor, { repId: call.rep_id, teamId: call.team_id })) {
      await this.audit.record({ actor, action, entityType: 'call', entityId: callId, outcome: 'denied' });
      throw notFound('call', callId);
    }
    const recording = await this.recordings.findOneBy({ callId });
    if (!recording || recording.status !== 'recording') throw new DomainError('INVALID_STATE', 'The call is not being recorded', { callId });
    return { recording, call };
  }

  /**
   * Null when the call already has another recording. Safe to repeat: a retry after an insert that
   * landed but whose answer was lost finds its own row (same Asterisk name) and returns it.
   */
  private async insertRow(callId: string, asteriskName: string, fields: Partial<Recording>): Promise<string | null> {
    try {
      const result = await this.recordings.insert({ ...fields, callId, asteriskName });
      return result.identifiers[0].id as string;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.recordings.findOneBy({ callId });
      return existing?.asteriskName === asteriskName ? existing.id : null;
    }
  }
}
