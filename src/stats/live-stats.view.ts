import { CallRecord, CallView, LiveNumbers, LiveStats, StatsClock, StatsEvent, StatsScope, WindowNumbers } from './live-stats.types';

const HOUR_MS = 3_600_000;

export function scopeKey(scope: StatsScope): string {
  if (scope.kind === 'all') return 'all';
  return scope.kind === 'team' ? `team:${scope.teamId}` : `rep:${scope.repId}`;
}

/** A caller in the queue: inbound (or handed-over dialer) calls not yet answered; outbound ringing is not waiting. */
export function isWaiting(call: CallRecord): boolean {
  return call.direction !== 'outbound' && call.answeredAt === null && call.endedAt === null;
}

export function callInScope(call: CallRecord, scope: StatsScope): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'team') return call.teamId === scope.teamId;
  return call.repId === scope.repId || call.offeredRepId === scope.repId;
}

/** Pure: the queue numbers of inbound calls that started at or after `from`. */
export function windowNumbers(calls: Iterable<CallRecord>, from: number, serviceLevelSeconds: number): WindowNumbers {
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  let resolved = 0;
  let withinTarget = 0;
  let waitMs = 0;
  let handled = 0;
  let handleMs = 0;
  for (const call of calls) {
    if (call.direction !== 'inbound' || call.startedAt === null || call.startedAt < from) continue;
    offered += 1;
    if (call.outcome === 'abandoned') abandoned += 1;
    if (call.answeredAt !== null) {
      answered += 1;
      resolved += 1;
      const wait = call.answeredAt - call.startedAt;
      waitMs += wait;
      if (wait <= serviceLevelSeconds * 1000) withinTarget += 1;
      if (call.endedAt !== null) {
        handled += 1;
        handleMs += call.endedAt - call.answeredAt;
      }
    } else if (call.endedAt !== null) {
      resolved += 1;
    }
  }
  return {
    offered,
    answered,
    abandoned,
    serviceLevel: resolved === 0 ? null : (100 * withinTarget) / resolved,
    asaSeconds: answered === 0 ? null : waitMs / answered / 1000,
    ahtSeconds: handled === 0 ? null : handleMs / handled / 1000,
  };
}

export function npsScore(counts: { promoters: number; passives: number; detractors: number }): { score: number | null; responses: number } {
  const responses = counts.promoters + counts.passives + counts.detractors;
  return { score: responses === 0 ? null : (100 * (counts.promoters - counts.detractors)) / responses, responses };
}

function teamsOf(scope: StatsScope): (teamId: string) => boolean {
  if (scope.kind === 'all') return () => true;
  return (teamId) => teamId === scope.teamId;
}

/** Pure: the numbers a dashboard of this scope shows at `clock.now`. */
export function liveNumbers(stats: LiveStats, scope: StatsScope, clock: StatsClock): LiveNumbers {
  const calls = [...stats.calls.values()].filter((call) => callInScope(call, scope));
  const waiting = calls.filter(isWaiting);
  const oldest = waiting.reduce((min, call) => Math.min(min, call.startedAt ?? clock.now), clock.now);
  const teamFilter = teamsOf(scope);
  let callbacksOpen = 0;
  const nps = { promoters: 0, passives: 0, detractors: 0 };
  // A rep's own view shows only call numbers: team callbacks and NPS belong to supervisors.
  if (scope.kind !== 'rep') {
    for (const [teamId, open] of stats.callbacksOpen) if (teamFilter(teamId)) callbacksOpen += open;
    for (const [teamId, counts] of stats.npsToday) {
      if (!teamFilter(teamId)) continue;
      nps.promoters += counts.promoters;
      nps.passives += counts.passives;
      nps.detractors += counts.detractors;
    }
  }
  return {
    today: windowNumbers(calls, clock.dayStart, clock.serviceLevelSeconds),
    hour: windowNumbers(calls, clock.now - HOUR_MS, clock.serviceLevelSeconds),
    waiting: waiting.length,
    longestWaitSeconds: waiting.length === 0 ? 0 : Math.max(0, (clock.now - oldest) / 1000),
    inProgress: calls.filter((call) => call.answeredAt !== null && call.endedAt === null).length,
    callbacksOpen,
    nps: npsScore(nps),
  };
}

export function callView(stats: LiveStats, call: CallRecord): CallView | null {
  if (call.endedAt !== null) return null;
  const repId = call.repId ?? call.offeredRepId;
  return {
    callId: call.callId,
    direction: call.direction,
    phase: call.answeredAt !== null ? 'talking' : call.offeredRepId ? 'ringing' : 'waiting',
    teamId: call.teamId,
    repId,
    repName: repId ? (stats.reps.get(repId)?.name ?? null) : null,
    caller: call.caller,
    clientId: call.clientId,
    clientName: call.clientName,
    dealId: call.dealId,
    dealStage: call.dealStage,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
  };
}

export interface StatsSnapshotBody {
  calls: CallView[];
  reps: Array<{ repId: string; teamId: string; name: string | null; state: string; since: number; pauseReason: string | null }>;
  numbers: LiveNumbers;
}

/** Pure: everything a freshly connected dashboard of this scope needs. */
export function snapshotBody(stats: LiveStats, scope: StatsScope, clock: StatsClock): StatsSnapshotBody {
  const calls: CallView[] = [];
  for (const call of stats.calls.values()) {
    if (!callInScope(call, scope)) continue;
    const view = callView(stats, call);
    if (view) calls.push(view);
  }
  const reps = [...stats.reps.values()].filter((rep) => (scope.kind === 'all' ? true : scope.kind === 'team' ? rep.teamId === scope.teamId : rep.repId === scope.repId));
  return { calls, reps, numbers: liveNumbers(stats, scope, clock) };
}

/** Pure: which dashboards an event changes, looking at the call before and after it. */
export function affectedScopes(before: LiveStats, after: LiveStats, event: StatsEvent): StatsScope[] {
  const scopes = new Map<string, StatsScope>([['all', { kind: 'all' }]]);
  const addTeam = (teamId: string | null | undefined): void => {
    if (teamId) scopes.set(`team:${teamId}`, { kind: 'team', teamId });
  };
  const addRep = (repId: string | null | undefined, teamId: string | null): void => {
    if (repId) scopes.set(`rep:${repId}`, { kind: 'rep', repId, teamId });
  };
  if ('callId' in event) {
    for (const call of [before.calls.get(event.callId), after.calls.get(event.callId)]) {
      if (!call) continue;
      addTeam(call.teamId);
      addRep(call.repId, call.teamId);
      addRep(call.offeredRepId, call.teamId);
    }
  } else if (event.type === 'rep.state' || event.type === 'rep.removed') {
    const rep = after.reps.get(event.repId) ?? before.reps.get(event.repId);
    addTeam(rep?.teamId);
    addRep(event.repId, rep?.teamId ?? null);
  } else if (event.type === 'callbacks.open' || event.type === 'nps.today') {
    addTeam(event.teamId);
  } else {
    for (const call of before.calls.values()) addTeam(call.teamId);
  }
  return [...scopes.values()];
}
