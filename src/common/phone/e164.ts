import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { setBounded } from '../collections/bounded-map';
import { DomainError } from '../errors/domain-error';

/** E.164: "+", a country code that does not start with 0, at most 15 digits in all (7 at the least here). */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const E164_HINT = 'must be an E.164 number like +4930123456';

/**
 * Normalises a number to E.164 or returns null. A number without "+" is read in the given
 * default country (the trunk's), so "030 1234567" from a German trunk becomes +49301234567.
 * Only digits and "+" survive, so the result is always safe inside an Asterisk dial string.
 */
export function normalizeE164(raw: string | null | undefined, defaultCountry?: string): string | null {
  if (!raw) return null;
  const key = `${defaultCountry ?? ''}|${raw}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  const e164 = parseE164(raw, defaultCountry);
  setBounded(recent, key, e164, RECENT_LIMIT);
  return e164;
}

/**
 * Parsing with full metadata takes ~0.2 ms, and it sits on the routing path of every inbound call;
 * callers call again. The most recent answers are kept (oldest dropped first; the function is pure).
 */
const RECENT_LIMIT = 10_000;
const recent = new Map<string, string | null>();

function parseE164(raw: string, defaultCountry?: string): string | null {
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > 32 || !/^[+\d\s().-]+$/.test(trimmed)) return null;
  const withPlus = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(withPlus, defaultCountry as never);
  if (!parsed || !parsed.isPossible()) return null;
  const e164 = parsed.number;
  return E164_PATTERN.test(e164) ? e164 : null;
}

export function requireE164(raw: string | null | undefined, field = 'phone', defaultCountry?: string): string {
  const e164 = normalizeE164(raw, defaultCountry);
  if (!e164) throw new DomainError('INVALID_PHONE_NUMBER', `${field} must be a valid phone number in E.164 form (+<country><number>)`, { field });
  return e164;
}

export function isE164(value: string): boolean {
  return E164_PATTERN.test(value);
}
