import { CampaignSettings, CampaignStatus, RetryOutcome } from './campaign.entity';
import { TargetStatus } from './campaign-target.entity';
import { nextDialAt } from './dial-window.policy';

/** What a dial job finds when it wakes (re-read from the database, never trusted from the job). */
export interface DialContext {
  campaignStatus: CampaignStatus;
  targetStatus: TargetStatus;
  /** Attempts already made. */
  attempts: number;
  /** The attempt this job was scheduled for. */
  attemptNo: number;
  doNotCall: boolean;
  timeZone: string;
  settings: Pick<CampaignSettings, 'window' | 'maxAttempts'>;
}

export type DialDecision =
  | { action: 'dial' }
  | { action: 'skip'; reason: 'do-not-call' }
  | { action: 'drop'; reason: 'campaign-not-running' | 'target-moved-on' | 'no-attempts-left' }
  | { action: 'wait'; until: Date };

/**
 * Pure: the last check before a call. Do-not-call wins over everything (and ends the target);
 * a stale job (paused campaign, target already answered, attempt already made) just goes away.
 */
export function decideDial(context: DialContext, now: Date): DialDecision {
  if (context.targetStatus !== 'queued') return { action: 'drop', reason: 'target-moved-on' };
  if (context.doNotCall) return { action: 'skip', reason: 'do-not-call' };
  if (context.campaignStatus !== 'running') return { action: 'drop', reason: 'campaign-not-running' };
  if (context.attemptNo !== context.attempts + 1) return { action: 'drop', reason: 'target-moved-on' };
  if (context.attempts >= context.settings.maxAttempts) return { action: 'drop', reason: 'no-attempts-left' };
  const at = nextDialAt({ timeZone: context.timeZone }, context.settings.window, now);
  return at.getTime() > now.getTime() ? { action: 'wait', until: at } : { action: 'dial' };
}

export type AttemptOutcome = 'busy' | 'no-answer' | 'failed' | 'machine' | 'responded' | 'answered' | 'transferred';

const RETRY_KEY: Partial<Record<AttemptOutcome, RetryOutcome>> = { busy: 'busy', 'no-answer': 'noAnswer', failed: 'failed', machine: 'machine' };

export type AfterAttempt = { status: 'queued'; retryAt: Date } | { status: Exclude<TargetStatus, 'queued' | 'dialing'> };

/** Pure: where a target goes after an attempt. A human who answered is never called again. */
export function afterAttempt(outcome: AttemptOutcome, attemptsMade: number, settings: Pick<CampaignSettings, 'maxAttempts' | 'retryDelaySeconds'>, now: Date): AfterAttempt {
  if (outcome === 'responded' || outcome === 'transferred') return { status: 'responded' };
  if (outcome === 'answered') return { status: 'answered' };
  const key = RETRY_KEY[outcome] as RetryOutcome;
  if (attemptsMade >= settings.maxAttempts) return { status: 'exhausted' };
  return { status: 'queued', retryAt: new Date(now.getTime() + settings.retryDelaySeconds[key] * 1000) };
}

/** Q.850 cause of a leg that never reached Stasis → attempt outcome. */
export function outcomeFromCause(cause: number | undefined): AttemptOutcome {
  if (cause === 17) return 'busy';
  if (cause === 18 || cause === 19 || cause === 16 || cause === 0 || cause === undefined) return 'no-answer';
  return 'failed';
}

/** The AMD rule (docs/dialer.md): HUMAN surveys; NOTSURE surveys unless the campaign says otherwise. */
export function isSurveyable(amdStatus: string, notSureIsHuman: boolean): boolean {
  if (amdStatus === 'HUMAN') return true;
  if (amdStatus === 'NOTSURE') return notSureIsHuman;
  return false;
}

/** Deterministic BullMQ id: one job per attempt. "_" because BullMQ reserves ":" in custom ids. */
export function dialJobId(campaignId: string, targetId: string, attemptNo: number): string {
  return `${campaignId}_${targetId}_${attemptNo}`;
}
