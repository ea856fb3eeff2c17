import { Injectable } from '@nestjs/common';
import { AriRequestError } from '../telephony/ari/ari-errors';
import { AriClient } from '../telephony/ari/ari.client';

/**
 * Where finished recordings are fetched from: Asterisk's stored recordings, always over ARI (the
 * spool sits inside Asterisk's own root and is never read from disk). A token so integration tests
 * can stand in for Asterisk.
 */
export const RECORDING_SOURCE = Symbol('RECORDING_SOURCE');

export interface RecordingSource {
  /** The whole file, or null when Asterisk has no such stored recording. */
  download(name: string): Promise<Buffer | null>;
  /** Idempotent: a recording already gone is fine. */
  remove(name: string): Promise<void>;
}

@Injectable()
export class AriRecordingSource implements RecordingSource {
  constructor(private readonly ari: AriClient) {}

  async download(name: string): Promise<Buffer | null> {
    try {
      return await this.ari.downloadStoredRecording(name);
    } catch (error) {
      if (error instanceof AriRequestError && error.isNotFound) return null;
      throw error;
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await this.ari.deleteStoredRecording(name);
    } catch (error) {
      if (error instanceof AriRequestError && error.isNotFound) return;
      throw error;
    }
  }
}
