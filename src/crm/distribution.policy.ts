import type { CallOutcome } from '../calls/call.entity';
import type { SellerTier } from '../org/rep.entity';
import type { Temperature } from './client.entity';
import type { TaskType } from './task.entity';

/**
 * Pure rules for outbound work: who gets unowned work, what a rep calls next, how a client's
 * temperature follows call outcomes, and which overdue tasks move to whom. No I/O, no clock:
 * `now` is always passed in so every rule is a table test.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface RepCandidate {
  id: string;
  teamId: string;
  tier: SellerTier;
  enabled: boolean;
}

/** Open tasks assigned to a rep and leads (clients still to be worked) the rep owns. */
export interface RepLoad {
  openTasks: number;
  ownedLeads: number;
}

export type LoadByRep = ReadonlyMap<string, RepLoad>;

const NO_LOAD: RepLoad = { openTasks: 0, ownedLeads: 0 };

export function loadOf(loads: LoadByRep, repId: string): RepLoad {
  return loads.get(repId) ?? NO_LOAD;
}

/**
 * The enabled rep with the smallest total load (open tasks + owned leads). Ties: fewer open tasks,
 * then the smaller id, so two runs over the same data always pick the same rep.
 */
export function leastLoadedRep<R extends RepCandidate>(reps: readonly R[], loads: LoadByRep): R | null {
  let best: R | null = null;
  for (const rep of reps) {
    if (!rep.enabled) continue;
    if (best === null || compareLoad(rep, best, loads) < 0) best = rep;
  }
  return best;
}

function compareLoad(a: RepCandidate, b: RepCandidate, loads: LoadByRep): number {
  const la = loadOf(loads, a.id);
  const lb = loadOf(loads, b.id);
  const total = la.openTasks + la.ownedLeads - (lb.openTasks + lb.ownedLeads);
  if (total !== 0) return total;
  if (la.openTasks !== lb.openTasks) return la.openTasks - lb.openTasks;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function withLoad(loads: Map<string, RepLoad>, repId: string, change: Partial<RepLoad>): void {
  const current = loadOf(loads, repId);
  loads.set(repId, {
    openTasks: Math.max(0, current.openTasks + (change.openTasks ?? 0)),
    ownedLeads: Math.max(0, current.ownedLeads + (change.ownedLeads ?? 0)),
  });
}

// ---------------------------------------------------------------------------------------------
// Assignment of unowned work

export interface UnownedWork {
  kind: 'lead' | 'task';
  /** Client id for a lead, task id for a task. */
  id: string;
  clientId: string;
  /** Team of the deal/client owner when known: mid-tier reps of that team are preferred. */
  preferredTeamId: string | null;
}

export interface Assignment {
  kind: 'lead' | 'task';
  id: string;
  toRepId: string;
}

/**
 * Unowned leads and unassigned callbacks go to the least-loaded enabled mid-tier rep. When the work
 * belongs to a team (its deal has an owner) that team's mid reps are preferred; otherwise the pool
 * is every team's mid reps. Loads are updated as the plan goes so a batch spreads evenly. A task
 * whose client is handed out as a lead in the same plan follows that lead to the same rep.
 */
export function planAssignments(work: readonly UnownedWork[], reps: readonly RepCandidate[], loads: LoadByRep): Assignment[] {
  const running = new Map(loads);
  const mids = reps.filter((rep) => rep.enabled && rep.tier === 'mid');
  const leadOwner = new Map<string, RepCandidate>();
  const plan: Assignment[] = [];
  const ordered = [...work.filter((item) => item.kind === 'lead'), ...work.filter((item) => item.kind === 'task')];
  for (const item of ordered) {
    const sameTeam = item.preferredTeamId ? mids.filter((rep) => rep.teamId === item.preferredTeamId) : [];
    const chosen = (item.kind === 'task' ? leadOwner.get(item.clientId) : undefined) ?? leastLoadedRep(sameTeam.length > 0 ? sameTeam : mids, running);
    if (!chosen) continue;
    if (item.kind === 'lead') leadOwner.set(item.clientId, chosen);
    withLoad(running, chosen.id, item.kind === 'lead' ? { ownedLeads: 1 } : { openTasks: 1 });
    plan.push({ kind: item.kind, id: item.id, toRepId: chosen.id });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// "My next call"

export interface CandidateTask {
  id: string;
  type: TaskType;
  dueAt: Date;
}

export interface NextCallCandidate {
  clientId: string;
  doNotCall: boolean;
  temperature: Temperature;
  lastContactAt: Date | null;
  /** The client is still to be sold to: it has an open deal or no deal at all. */
  isLead: boolean;
  /** Open tasks on this client assigned to the asking rep. */
  tasks: readonly CandidateTask[];
  /** Open tasks on this client assigned to someone else: that rep is working the client. */
  otherOpenTasks: number;
}

/** A lead contacted less than this long ago is left to rest; a due task still brings it back. */
export const LEAD_REST_MINUTES = 240;

export type NextCallBucket = 'call-now' | 'overdue-callback' | 'due-task' | 'hot-lead' | 'warm-lead' | 'cold-lead';

export interface NextCallRules {
  /** A call-now task (the client is reading the proposal) leads for this long after it fell due; then it is an ordinary due task. */
  callNowWindowMinutes: number;
}

export interface RankedCall {
  clientId: string;
  bucket: NextCallBucket;
  taskId: string | null;
}

const BUCKET_ORDER: Record<NextCallBucket, number> = { 'call-now': 0, 'overdue-callback': 1, 'due-task': 2, 'hot-lead': 3, 'warm-lead': 4, 'cold-lead': 5 };

/**
 * Ranks a rep's candidates. Order: call-now tasks inside their window (the client is reading the
 * proposal right now), newest first; callbacks whose time has come, most overdue first; then other
 * due tasks, earliest first; then leads hot → warm → cold, the one contacted longest ago (never
 * contacted first). Excluded: do-not-call clients; clients whose only tasks are not yet due (the
 * rep has an appointment) or belong to another rep; clients that are no longer leads; leads
 * contacted within LEAD_REST_MINUTES (otherwise a hot lead just called would come straight back).
 */
export function nextCallPriority(candidates: readonly NextCallCandidate[], now: Date, rules: NextCallRules = { callNowWindowMinutes: 0 }): RankedCall[] {
  const ranked: Array<RankedCall & { sortTime: number }> = [];
  for (const candidate of candidates) {
    if (candidate.doNotCall) continue;
    const entry = rankCandidate(candidate, now.getTime(), rules.callNowWindowMinutes * MINUTE);
    if (entry) ranked.push(entry);
  }
  ranked.sort((a, b) => BUCKET_ORDER[a.bucket] - BUCKET_ORDER[b.bucket] || a.sortTime - b.sortTime || compareIds(a.clientId, b.clientId));
  return ranked.map(({ clientId, bucket, taskId }) => ({ clientId, bucket, taskId }));
}

function rankCandidate(candidate: NextCallCandidate, now: number, callNowWindowMs: number): (RankedCall & { sortTime: number }) | null {
  const due = candidate.tasks.filter((task) => task.dueAt.getTime() <= now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || compareIds(a.id, b.id));
  const hot = due.filter((task) => task.type === 'call-now' && now - task.dueAt.getTime() < callNowWindowMs).at(-1);
  // Newest first (negated time): the client who opened the proposal a minute ago is reading it now.
  if (hot) return { clientId: candidate.clientId, bucket: 'call-now', taskId: hot.id, sortTime: -hot.dueAt.getTime() };
  const callback = due.find((task) => task.type === 'callback');
  // Earliest due = most overdue, so sorting by due time ascending puts the most overdue first.
  if (callback) return { clientId: candidate.clientId, bucket: 'overdue-callback', taskId: callback.id, sortTime: callback.dueAt.getTime() };
  if (due.length > 0) return { clientId: candidate.clientId, bucket: 'due-task', taskId: due[0].id, sortTime: due[0].dueAt.getTime() };
  if (candidate.tasks.length > 0 || candidate.otherOpenTasks > 0 || !candidate.isLead) return null;
  if (candidate.lastContactAt && now - candidate.lastContactAt.getTime() < LEAD_REST_MINUTES * MINUTE) return null;
  const bucket: NextCallBucket = `${candidate.temperature}-lead`;
  return { clientId: candidate.clientId, bucket, taskId: null, sortTime: candidate.lastContactAt?.getTime() ?? Number.NEGATIVE_INFINITY };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Temperature

/** A lead not contacted for this long is at most warm; for COLD_AFTER_DAYS, cold. */
export const COOL_TO_WARM_AFTER_DAYS = 14;
export const COOL_TO_COLD_AFTER_DAYS = 30;
/** Talk time that shows real interest. */
export const WARM_TALK_SECONDS = 60;
export const HOT_TALK_SECONDS = 300;

const LEVEL: Record<Temperature, number> = { cold: 0, warm: 1, hot: 2 };
const BY_LEVEL: readonly Temperature[] = ['cold', 'warm', 'hot'];

/** The client did not pick up: repeated, these make a lead colder. */
const CLIENT_MISSES: ReadonlySet<CallOutcome> = new Set(['no-answer', 'busy', 'machine']);
/** The client called us and we did not connect: a sign of interest, not of disinterest. */
const INBOUND_INTEREST: ReadonlySet<CallOutcome> = new Set(['missed', 'abandoned', 'after-hours']);

/** Caps a temperature by the time since the last contact (idempotent: safe to apply on every run). */
export function cooledTemperature(current: Temperature, lastContactAt: Date | null, now: Date): Temperature {
  if (!lastContactAt) return current;
  const days = (now.getTime() - lastContactAt.getTime()) / DAY;
  if (days >= COOL_TO_COLD_AFTER_DAYS) return 'cold';
  if (days >= COOL_TO_WARM_AFTER_DAYS && current === 'hot') return 'warm';
  return current;
}

export interface TemperatureInput {
  current: Temperature;
  outcome: CallOutcome;
  talkSeconds: number;
  /** When the client was last contacted before this call, and how that call ended. */
  lastContactAt: Date | null;
  lastOutcome?: CallOutcome | null;
  now: Date;
}

/**
 * The temperature after a call ends. First the current value cools by the gap since the last
 * contact (cooledTemperature), then the outcome applies:
 *
 * | outcome                          | condition                          | result            |
 * |----------------------------------|------------------------------------|-------------------|
 * | answered                         | talk ≥ 300 s                       | hot               |
 * | answered                         | 60 s ≤ talk < 300 s                | at least warm     |
 * | answered                         | talk < 60 s                        | unchanged         |
 * | no-answer / busy / machine       | previous outcome also one of these | one step colder   |
 * | no-answer / busy / machine       | first miss                         | unchanged         |
 * | rejected                         | –                                  | one step colder   |
 * | missed / abandoned / after-hours | (the client called us)             | at least warm     |
 * | failed                           | (our side, says nothing)           | unchanged         |
 */
export function temperatureAfter(input: TemperatureInput): Temperature {
  const base = cooledTemperature(input.current, input.lastContactAt, input.now);
  const { outcome, talkSeconds } = input;
  if (outcome === 'answered') {
    if (talkSeconds >= HOT_TALK_SECONDS) return 'hot';
    if (talkSeconds >= WARM_TALK_SECONDS) return atLeast(base, 'warm');
    return base;
  }
  if (CLIENT_MISSES.has(outcome)) return input.lastOutcome && CLIENT_MISSES.has(input.lastOutcome) ? colder(base) : base;
  if (outcome === 'rejected') return colder(base);
  if (INBOUND_INTEREST.has(outcome)) return atLeast(base, 'warm');
  return base;
}

function atLeast(value: Temperature, floor: Temperature): Temperature {
  return LEVEL[value] >= LEVEL[floor] ? value : floor;
}

function colder(value: Temperature): Temperature {
  return BY_LEVEL[Math.max(0, LEVEL[value] - 1)];
}

// ---------------------------------------------------------------------------------------------
// Redistribution of overdue tasks

export interface OverdueTask {
  id: string;
  clientId: string;
  assigneeRepId: string;
  dueAt: Date;
  /** When the current assignee got the task; the grace period restarts from there. */
  assignedAt: Date | null;
  reassignedCount: number;
  clientOwnerRepId: string | null;
}

export interface RedistributionRules {
  taskOverdueReassignMinutes: number;
  ownershipMovesAfterMisses: number;
}

export interface Reassignment {
  taskId: string;
  clientId: string;
  fromRepId: string;
  toRepId: string;
  reason: string;
  /** The client has now missed often enough that the new rep becomes its owner. */
  moveOwnership: boolean;
}

/** Overdue beyond the grace period, counted from the later of due time and (re)assignment. */
export function isOverdueForReassignment(task: Pick<OverdueTask, 'dueAt' | 'assignedAt'>, now: Date, rules: Pick<RedistributionRules, 'taskOverdueReassignMinutes'>): boolean {
  const since = Math.max(task.dueAt.getTime(), task.assignedAt?.getTime() ?? 0);
  return now.getTime() - since >= rules.taskOverdueReassignMinutes * MINUTE;
}

/**
 * Moves each task overdue beyond the grace period to the least-loaded enabled rep of the same tier
 * as its assignee (never the same rep), preferring the assignee's team and falling back to every
 * team. Most overdue first; loads are updated as the plan goes. Tasks whose assignee is unknown, or
 * with no other rep of that tier, stay where they are. Ownership moves on the reassignment that
 * brings the task's count to ownershipMovesAfterMisses.
 */
export function planRedistribution(tasks: readonly OverdueTask[], reps: readonly RepCandidate[], loads: LoadByRep, now: Date, rules: RedistributionRules): Reassignment[] {
  const running = new Map(loads);
  const byId = new Map(reps.map((rep) => [rep.id, rep]));
  const due = tasks.filter((task) => isOverdueForReassignment(task, now, rules)).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || compareIds(a.id, b.id));
  const plan: Reassignment[] = [];
  for (const task of due) {
    const from = byId.get(task.assigneeRepId);
    if (!from) continue;
    const peers = reps.filter((rep) => rep.enabled && rep.tier === from.tier && rep.id !== from.id);
    const sameTeam = peers.filter((rep) => rep.teamId === from.teamId);
    const to = leastLoadedRep(sameTeam.length > 0 ? sameTeam : peers, running);
    if (!to) continue;
    withLoad(running, from.id, { openTasks: -1 });
    withLoad(running, to.id, { openTasks: 1 });
    const overdueMinutes = Math.floor((now.getTime() - task.dueAt.getTime()) / MINUTE);
    const count = task.reassignedCount + 1;
    plan.push({
      taskId: task.id,
      clientId: task.clientId,
      fromRepId: from.id,
      toRepId: to.id,
      reason: `overdue ${overdueMinutes} min (limit ${rules.taskOverdueReassignMinutes} min); reassignment ${count}`,
      moveOwnership: count >= rules.ownershipMovesAfterMisses && task.clientOwnerRepId !== to.id,
    });
  }
  return plan;
}
