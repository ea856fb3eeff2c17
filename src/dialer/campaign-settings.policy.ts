import { CampaignSettings, PromptKind, RetryOutcome } from './campaign.entity';
import { E164_HINT, isE164 } from '../common/phone/e164';
import { mediaUriProblem } from './media-uri.policy';

export const EARLIEST_LOCAL_TIME = '08:00';
/** Exclusive: calls may start until 20:59, never at 21:00 or later. */
export const LATEST_LOCAL_TIME = '21:00';

export const DEFAULT_PROMPTS: Record<PromptKind, string[]> = {
  question: ['sound:dir-pls-enter', 'sound:beep'],
  invalid: ['sound:invalid', 'sound:please-try-again'],
  confirm: ['sound:you-entered'],
  thanks: ['sound:auth-thankyou'],
  menu: ['sound:vm-press', 'digits:1', 'sound:for', 'sound:transfer', 'sound:vm-press', 'digits:2', 'sound:for', 'sound:removed'],
  goodbye: ['sound:vm-goodbye'],
  removed: ['sound:removed', 'sound:vm-goodbye'],
};

export function defaultSettings(callerId: string): CampaignSettings {
  return {
    delayAfterWonSeconds: 24 * 3600,
    window: { from: '09:00', to: '20:00' },
    maxAttempts: 3,
    retryDelaySeconds: { busy: 600, noAnswer: 3600, failed: 1800, machine: 7200 },
    concurrency: 10,
    callsPerSecond: 2,
    callerId,
    ringSeconds: 30,
    notSureIsHuman: true,
    noInputMs: 6000,
    interDigitMs: 2500,
    menuWaitMs: 5000,
    prompts: DEFAULT_PROMPTS,
  };
}

export interface SettingsProblem {
  field: string;
  message: string;
}

type Limits = [min: number, max: number, integer: boolean];
const NUMERIC: Record<string, Limits> = {
  delayAfterWonSeconds: [0, 30 * 24 * 3600, true],
  maxAttempts: [1, 10, true],
  concurrency: [1, 500, true],
  callsPerSecond: [0.1, 100, false],
  ringSeconds: [2, 120, true],
  noInputMs: [1000, 30000, true],
  interDigitMs: [300, 10000, true],
  menuWaitMs: [1000, 30000, true],
};
const RETRY_KEYS: RetryOutcome[] = ['busy', 'noAnswer', 'failed', 'machine'];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Pure: base settings + a partial patch → complete settings or every problem at once. The window is
 * the client's local time and may never reach before 08:00 or past 21:00 (the legal frame here).
 */
export function mergeSettings(base: CampaignSettings, patch: Record<string, unknown>): { ok: true; settings: CampaignSettings } | { ok: false; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const next: CampaignSettings = structuredClone(base);
  const known = new Set([...Object.keys(NUMERIC), 'window', 'retryDelaySeconds', 'callerId', 'notSureIsHuman', 'prompts']);
  for (const key of Object.keys(patch)) if (!known.has(key)) problems.push({ field: key, message: 'unknown setting' });
  for (const [key, [min, max, integer]] of Object.entries(NUMERIC)) {
    if (patch[key] === undefined) continue;
    const value = patch[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      problems.push({ field: key, message: `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}` });
    } else (next as unknown as Record<string, number>)[key] = value;
  }
  if (patch.window !== undefined) next.window = checkWindow(patch.window, problems) ?? next.window;
  if (patch.retryDelaySeconds !== undefined) {
    const retry = isRecord(patch.retryDelaySeconds) ? patch.retryDelaySeconds : {};
    if (!isRecord(patch.retryDelaySeconds)) problems.push({ field: 'retryDelaySeconds', message: 'must be an object' });
    for (const [key, value] of Object.entries(retry)) {
      if (!RETRY_KEYS.includes(key as RetryOutcome)) problems.push({ field: `retryDelaySeconds.${key}`, message: `unknown outcome (use ${RETRY_KEYS.join(', ')})` });
      else if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 7 * 24 * 3600) problems.push({ field: `retryDelaySeconds.${key}`, message: 'must be an integer from 1 to 604800 seconds' });
      else next.retryDelaySeconds[key as RetryOutcome] = value;
    }
  }
  if (patch.callerId !== undefined) {
    if (typeof patch.callerId !== 'string' || !isE164(patch.callerId)) problems.push({ field: 'callerId', message: E164_HINT });
    else next.callerId = patch.callerId;
  }
  if (patch.notSureIsHuman !== undefined) {
    if (typeof patch.notSureIsHuman !== 'boolean') problems.push({ field: 'notSureIsHuman', message: 'must be true or false' });
    else next.notSureIsHuman = patch.notSureIsHuman;
  }
  if (patch.prompts !== undefined) checkPrompts(patch.prompts, next, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: next };
}

function checkWindow(raw: unknown, problems: SettingsProblem[]): { from: string; to: string } | null {
  if (!isRecord(raw) || typeof raw.from !== 'string' || typeof raw.to !== 'string' || !HHMM.test(raw.from) || !HHMM.test(raw.to)) {
    problems.push({ field: 'window', message: 'must be { from: "HH:MM", to: "HH:MM" } in the client\'s local time' });
    return null;
  }
  const before = problems.length;
  if (raw.from < EARLIEST_LOCAL_TIME) problems.push({ field: 'window.from', message: `may not be before ${EARLIEST_LOCAL_TIME}` });
  if (raw.to > LATEST_LOCAL_TIME) problems.push({ field: 'window.to', message: `may not be after ${LATEST_LOCAL_TIME} (calls never start from ${LATEST_LOCAL_TIME})` });
  if (raw.from >= raw.to) problems.push({ field: 'window', message: 'from must be before to' });
  return problems.length === before ? { from: raw.from, to: raw.to } : null;
}

function checkPrompts(raw: unknown, next: CampaignSettings, problems: SettingsProblem[]): void {
  if (!isRecord(raw)) {
    problems.push({ field: 'prompts', message: 'must be an object of media lists' });
    return;
  }
  for (const [kind, media] of Object.entries(raw)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_PROMPTS, kind)) problems.push({ field: `prompts.${kind}`, message: 'unknown prompt' });
    else if (!Array.isArray(media) || media.length === 0 || media.length > 12) problems.push({ field: `prompts.${kind}`, message: 'must be 1-12 ARI media URIs like "sound:beep"' });
    else {
      const bad = media.map((item, index) => ({ index, problem: mediaUriProblem(item) })).filter((entry) => entry.problem !== null);
      for (const { index, problem } of bad) problems.push({ field: `prompts.${kind}`, message: `item ${index}: ${problem as string}` });
      if (bad.length === 0) next.prompts[kind as PromptKind] = media as string[];
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
