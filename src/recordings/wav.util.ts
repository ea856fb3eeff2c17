/**
 * Just enough RIFF/WAVE parsing to tell a real recording from an empty or broken one and to know
 * its length, without trusting the header's sizes (Asterisk fixes them up only on a clean close).
 */
export type WavVerdict =
  | { kind: 'audio'; format: WavFormat; dataOffset: number; dataBytes: number; durationSeconds: number }
  | { kind: 'empty'; reason: 'header-only' | 'too-short'; format: WavFormat | null; dataBytes: number; durationSeconds: number }
  | { kind: 'invalid'; reason: string };

export interface WavFormat {
  audioFormat: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

/** Less than this much audio is a recording of nothing (a call torn down as it was bridged). */
export const MIN_AUDIO_SECONDS = 0.1;

export function inspectWav(buffer: Buffer): WavVerdict {
  if (buffer.length < 12) return buffer.length === 0 ? { kind: 'empty', reason: 'header-only', format: null, dataBytes: 0, durationSeconds: 0 } : { kind: 'invalid', reason: 'shorter than a RIFF header' };
  if (buffer.toString('ascii', 0, 4) !== 'RIFF' || buffer.toString('ascii', 8, 12) !== 'WAVE') return { kind: 'invalid', reason: 'not a RIFF/WAVE file' };
  let format: WavFormat | null = null;
  let offset = 12;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('ascii', offset, offset + 4);
    const declared = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (declared < 16 || body + 16 > buffer.length) return { kind: 'invalid', reason: 'truncated fmt chunk' };
      format = readFormat(buffer, body);
      if (format.byteRate <= 0 || format.blockAlign <= 0) return { kind: 'invalid', reason: 'fmt chunk has a zero byte rate' };
    } else if (id === 'data') {
      if (!format) return { kind: 'invalid', reason: 'data chunk before fmt chunk' };
      // A header Asterisk never finalised says 0 (or garbage): the bytes on disk are the truth.
      const available = buffer.length - body;
      const dataBytes = declared > 0 && declared <= available ? declared : available;
      const usable = dataBytes - (dataBytes % format.blockAlign);
      const durationSeconds = round2(usable / format.byteRate);
      if (usable === 0) return { kind: 'empty', reason: 'header-only', format, dataBytes: 0, durationSeconds: 0 };
      if (durationSeconds < MIN_AUDIO_SECONDS) return { kind: 'empty', reason: 'too-short', format, dataBytes: usable, durationSeconds };
      return { kind: 'audio', format, dataOffset: body, dataBytes: usable, durationSeconds };
    }
    offset = body + declared + (declared % 2);
  }
  return format ? { kind: 'empty', reason: 'header-only', format, dataBytes: 0, durationSeconds: 0 } : { kind: 'invalid', reason: 'no fmt chunk' };
}

function readFormat(buffer: Buffer, at: number): WavFormat {
  return {
    audioFormat: buffer.readUInt16LE(at),
    channels: buffer.readUInt16LE(at + 2),
    sampleRate: buffer.readUInt32LE(at + 4),
    byteRate: buffer.readUInt32LE(at + 8),
    blockAlign: buffer.readUInt16LE(at + 12),
    bitsPerSample: buffer.readUInt16LE(at + 14),
  };
}

/** A canonical 16-bit PCM WAV around raw samples: used by tests and by fixtures. */
export function buildWav(samples: Int16Array, sampleRate = 8000, channels = 1): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Root-mean-square level of 16-bit mono PCM between two times (seconds). */
export function pcmRms(wav: Buffer, fromSeconds: number, toSeconds: number): number {
  const verdict = inspectWav(wav);
  if (verdict.kind !== 'audio' || verdict.format.bitsPerSample !== 16) throw new Error('pcmRms needs 16-bit PCM audio');
  const { byteRate, blockAlign } = verdict.format;
  const start = verdict.dataOffset + Math.floor((fromSeconds * byteRate) / blockAlign) * blockAlign;
  const end = Math.min(verdict.dataOffset + verdict.dataBytes, verdict.dataOffset + Math.floor((toSeconds * byteRate) / blockAlign) * blockAlign);
  let sum = 0;
  let count = 0;
  for (let at = start; at + 2 <= end; at += 2) {
    const sample = wav.readInt16LE(at);
    sum += sample * sample;
    count += 1;
  }
  return count === 0 ? 0 : Math.sqrt(sum / count);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
