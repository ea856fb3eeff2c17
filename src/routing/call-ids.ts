import { createHash } from 'node:crypto';

/** Fixed namespace for call ids derived from Asterisk channel ids (a UUID v5 namespace). */
const CALL_NAMESPACE = Buffer.from('5a1e5ca1-0000-4c0d-9e00-ca11ca11ca11'.replace(/-/g, ''), 'hex');

/**
 * The call id is a function of the caller's channel id (UUID v5), so a replayed StasisStart, a
 * restart of the service or a second writer all arrive at the same call without asking the database.
 */
export function callIdForChannel(channelId: string): string {
  const hash = createHash('sha1').update(CALL_NAMESPACE).update(channelId).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
