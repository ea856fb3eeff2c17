import { Principal } from '../auth/principal';
import { canAccessRecording } from '../recordings/recordings.policy';

/** What the database and the router know about a ringing call, gathered by ScreenPopService. */
export interface ScreenPopFacts {
  call: { callId: string; callerE164: string | null; startedAt: Date; rung: string | null; reason: string | null };
  client: { id: string; name: string; temperature: string; createdAt: Date; ownerRepId: string | null; ownerName: string | null } | null;
  deal: { id: string; stageName: string; amount: string; currency: string; openedByCallId: string | null } | null;
  lastCalls: Array<{ callId: string; at: Date; direction: string; outcome: string | null; talkSeconds: number | null; repId: string | null; repName: string | null; teamId: string | null; recordingId: string | null; recordingStatus: string | null }>;
  openTasks: Array<{ id: string; type: string; dueAt: Date; reason: string; assigneeName: string | null }>;
  lastNps: { score: number; at: Date } | null;
}

export interface ScreenPopView {
  callId: string;
  number: string;
  title: string;
  newLead: boolean;
  temperature: string | null;
  owner: string;
  whyYou: string;
  deal: { id: string; stage: string; amount: string; justOpened: boolean } | null;
  lastCalls: Array<{ callId: string; at: string; direction: string; outcome: string; talk: string; rep: string; playRecordingId: string | null }>;
  openTasks: Array<{ id: string; type: string; dueAt: string; overdue: boolean; reason: string; assignee: string }>;
  nps: { score: number; category: 'promoter' | 'passive' | 'detractor'; at: string } | null;
}

const LAST_CALLS = 5;
/** A client row created this close to the call's start was created for it: the caller was unknown. */
const NEW_LEAD_SLACK_MS = 2000;

const RUNGS: Record<string, string> = {
  owner: 'You own this client',
  strong: 'Strong sellers’ rung',
  mid: 'Mid tier joined: no strong seller free',
  'click-to-call': 'Your click-to-call',
};

/** The screen pop as the rep sees it: pure, so every wording and rule is a row in a table test. */
export function buildScreenPop(facts: ScreenPopFacts, viewer: Principal, now: Date): ScreenPopView {
  const { call, client, deal } = facts;
  const newLead = client === null || client.createdAt.getTime() >= call.startedAt.getTime() - NEW_LEAD_SLACK_MS;
  return {
    callId: call.callId,
    number: call.callerE164 ?? 'unknown number',
    title: client && !newLead ? client.name : 'New lead',
    newLead,
    temperature: client?.temperature ?? null,
    owner: ownerLabel(client, viewer),
    whyYou: whyYou(call.rung, call.reason),
    deal: deal && { id: deal.id, stage: deal.stageName, amount: formatAmount(deal.amount, deal.currency), justOpened: deal.openedByCallId === call.callId },
    lastCalls: facts.lastCalls
      .filter((past) => past.callId !== call.callId)
      .slice(0, LAST_CALLS)
      .map((past) => ({
        callId: past.callId,
        at: past.at.toISOString(),
        direction: past.direction,
        outcome: past.outcome ?? 'in progress',
        talk: formatDuration(past.talkSeconds),
        rep: past.repName ?? '—',
        playRecordingId: past.recordingId && past.recordingStatus === 'stored' && canAccessRecording(viewer, { repId: past.repId, teamId: past.teamId }) ? past.recordingId : null,
      })),
    openTasks: facts.openTasks.map((task) => ({ id: task.id, type: task.type, dueAt: task.dueAt.toISOString(), overdue: task.dueAt.getTime() < now.getTime(), reason: task.reason, assignee: task.assigneeName ?? 'unassigned' })),
    nps: facts.lastNps && { score: facts.lastNps.score, category: npsCategory(facts.lastNps.score), at: facts.lastNps.at.toISOString() },
  };
}

function ownerLabel(client: ScreenPopFacts['client'], viewer: Principal): string {
  if (!client?.ownerRepId) return 'no owner yet';
  if (client.ownerRepId === viewer.repId) return 'you';
  return client.ownerName ?? 'another rep';
}

function whyYou(rung: string | null, reason: string | null): string {
  const label = rung ? (RUNGS[rung] ?? rung) : 'Routed to you';
  return reason ? `${label} (${reason})` : label;
}

export function npsCategory(score: number): 'promoter' | 'passive' | 'detractor' {
  if (score >= 9) return 'promoter';
  return score >= 7 ? 'passive' : 'detractor';
}

/** numeric(…) arrives as a string; shown with the currency and grouping, never rounded away. */
export function formatAmount(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`;
  }
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
