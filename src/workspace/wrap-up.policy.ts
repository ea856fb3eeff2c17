/**
 * What a rep's wrap-up of a call does, decided without I/O: the form in, the commands out. The
 * executor (WrapUpService) runs them through the existing deal and task services, so the deal
 * rules (won needs an amount, lost a reason, a closed deal stays closed) apply unchanged.
 */
export const WRAP_UP_OUTCOMES = ['interested', 'callback', 'not-interested', 'won', 'lost', 'wrong-number'] as const;
export type WrapUpOutcome = (typeof WRAP_UP_OUTCOMES)[number];

export interface WrapUpForm {
  outcome: WrapUpOutcome;
  note?: string;
  /** Outcome "callback": when to call back. */
  callbackAt?: Date;
  /** Outcome "lost": why. */
  lostReason?: string;
  /** Outcome "won": the deal's amount (kept as it is when omitted and already set). */
  amount?: number;
  /** Move the open deal to this stage (any outcome that leaves it open). */
  stageKey?: string;
  nextTask?: { reason: string; dueAt: Date };
}

export interface WrapUpFacts {
  callId: string;
  clientId: string | null;
  deal: { id: string; status: 'open' | 'won' | 'lost'; amount: number } | null;
  repState: string;
}

export type WrapUpCommand =
  | { type: 'update-deal'; dealId: string; change: { stageKey?: string; status?: 'won' | 'lost'; amount?: number; lostReason?: string } }
  | { type: 'create-task'; task: { type: 'callback' | 'follow-up'; clientId: string; dealId: string | null; dueAt: Date; reason: string; dedupeKey: string } }
  /** The automatic "next contact" reminder routing left for this answered call: the rep's own plan replaces it. */
  | { type: 'cancel-reminder'; dedupeKey: string }
  | { type: 'record-wrap-up' }
  /** Ends the rep's wrap-up time early: they said "ready". */
  | { type: 'end-wrap-up' };

export type WrapUpPlan = { ok: true; commands: WrapUpCommand[] } | { ok: false; code: 'VALIDATION_FAILED' | 'INVALID_STATE'; message: string };

const refuse = (message: string, code: 'VALIDATION_FAILED' | 'INVALID_STATE' = 'VALIDATION_FAILED'): WrapUpPlan => ({ ok: false, code, message });

export function planWrapUp(form: WrapUpForm, facts: WrapUpFacts, now: Date): WrapUpPlan {
  const refusal = checkForm(form, facts, now);
  if (refusal) return refusal;
  const commands: WrapUpCommand[] = [];
  const change = dealChange(form, facts);
  if (change && facts.deal) commands.push({ type: 'update-deal', dealId: facts.deal.id, change });
  const dealId = facts.deal?.id ?? null;
  if (form.outcome === 'callback' && form.callbackAt && facts.clientId) {
    commands.push({ type: 'create-task', task: { type: 'callback', clientId: facts.clientId, dealId, dueAt: form.callbackAt, reason: 'Callback agreed on the call', dedupeKey: `wrap-up-callback:${facts.callId}` } });
  }
  if (form.nextTask && facts.clientId) {
    commands.push({ type: 'create-task', task: { type: 'follow-up', clientId: facts.clientId, dealId, dueAt: form.nextTask.dueAt, reason: form.nextTask.reason, dedupeKey: `wrap-up-next:${facts.callId}` } });
  }
  if (form.outcome !== 'interested' || form.nextTask) commands.push({ type: 'cancel-reminder', dedupeKey: `reminder:${facts.callId}` });
  commands.push({ type: 'record-wrap-up' });
  if (facts.repState === 'wrap-up') commands.push({ type: 'end-wrap-up' });
  return { ok: true, commands };
}

function checkForm(form: WrapUpForm, facts: WrapUpFacts, now: Date): WrapUpPlan | null {
  const closing = form.outcome === 'won' || form.outcome === 'lost';
  if (form.outcome === 'callback' && !form.callbackAt) return refuse('callbackAt is required with outcome callback');
  if (form.outcome !== 'callback' && form.callbackAt) return refuse('callbackAt only goes with outcome callback');
  if (form.callbackAt && form.callbackAt.getTime() <= now.getTime()) return refuse('callbackAt must be in the future');
  if (form.outcome === 'lost' && !form.lostReason) return refuse('lostReason is required with outcome lost');
  if (form.outcome !== 'lost' && form.lostReason) return refuse('lostReason only goes with outcome lost');
  if (form.outcome !== 'won' && form.amount !== undefined) return refuse('amount only goes with outcome won');
  if (closing && form.stageKey) return refuse('stageKey does not go with a won or lost deal');
  if ((form.callbackAt || form.nextTask) && !facts.clientId) return refuse('This call has no client to give a task to', 'INVALID_STATE');
  if ((closing || form.stageKey) && !facts.deal) return refuse('This call has no deal to change', 'INVALID_STATE');
  if ((closing || form.stageKey) && facts.deal && facts.deal.status !== 'open') return refuse(`The deal is already ${facts.deal.status}`, 'INVALID_STATE');
  if (form.outcome === 'won' && form.amount === undefined && !(facts.deal && facts.deal.amount > 0)) return refuse('amount is required to mark a deal won that has none');
  if (form.nextTask && Number.isNaN(form.nextTask.dueAt.getTime())) return refuse('nextTask.dueAt is not a valid time');
  return null;
}

function dealChange(form: WrapUpForm, facts: WrapUpFacts): Extract<WrapUpCommand, { type: 'update-deal' }>['change'] | null {
  if (form.outcome === 'won') return { status: 'won', amount: form.amount ?? facts.deal?.amount };
  if (form.outcome === 'lost') return { status: 'lost', lostReason: form.lostReason };
  if (form.stageKey) return { stageKey: form.stageKey };
  return null;
}
