import { isUuid } from '../common/validation/uuid';

/**
 * Where a call's recording lives in the bucket: one key per call, derived only from its start
 * date (UTC) and the call id, so a retried or duplicated upload lands on the same object.
 */
export function recordingObjectKey(callId: string, startedAt: Date): string {
  if (!isUuid(callId)) throw new Error(`call id must be a UUID, got ${JSON.stringify(callId)}`);
  if (Number.isNaN(startedAt.getTime())) throw new Error('startedAt is not a valid date');
  const yyyy = String(startedAt.getUTCFullYear()).padStart(4, '0');
  const mm = String(startedAt.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(startedAt.getUTCDate()).padStart(2, '0');
  return `recordings/${yyyy}/${mm}/${dd}/${callId.toLowerCase()}.wav`;
}

export type ByteRange = { start: number; end: number };

/**
 * One HTTP byte range ("bytes=a-b", "bytes=a-", "bytes=-n") against a size. null: no usable
 * Range header (serve it all); 'unsatisfiable': answer 416.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
