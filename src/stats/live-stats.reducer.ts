import { CallRecord, LiveStats, StatsEvent } from './live-stats.types';

export const EMPTY_STATS: LiveStats = { calls: new Map(), reps: new Map(), callbacksOpen: new Map(), npsToday: new Map() };

function blankCall(callId: string): CallRecord {
  return { callId, direction: 'inbound', teamId: null, repId: null, offeredRepId: null, clientId: null, clientName: null, dealId: null, dealStage: null, caller: null, startedAt: null, answeredAt: null, endedAt: null, outcome: null };
}

function withCall(stats: LiveStats, callId: string, change: (call: CallRecord) => Partial<CallRecord>): LiveStats {
  const current = stats.calls.get(callId) ?? blankCall(callId);
  const calls = new Map(stats.calls);
  calls.set(callId, { ...current, ...change(current) });
  return { ...stats, calls };
}

/** Later facts win, but a known value is never replaced by an unknown one (events arrive out of order). */
const keep = <T>(next: T | null | undefined, current: T | null): T | null => (next === null || next === undefined ? current : next);

/**
 * Pure: the statistics after one event. The input is never mutated, and events may arrive in any
 * order (the journal writes behind routing, so `call.offered` may come before `call.started`).
 */
export function applyEvent(stats: LiveStats, event: StatsEvent): LiveStats {
  switch (event.type) {
    case 'call.started':
      return withCall(stats, event.callId, (call) => ({
        direction: event.direction,
        teamId: keep(call.teamId, event.teamId),
        repId: keep(call.repId, event.repId),
        clientId: keep(event.clientId, call.clientId),
        dealId: keep(event.dealId, call.dealId),
        startedAt: event.at,
      }));
    case 'call.queued':
      return withCall(stats, event.callId, (call) => ({ caller: keep(event.caller, call.caller), startedAt: call.startedAt ?? event.at }));
    case 'call.offered':
      return withCall(stats, event.callId, (call) =>
        call.answeredAt !== null || call.endedAt !== null
          ? {}
          : { offeredRepId: event.repId, teamId: call.repId ? call.teamId : keep(event.teamId, call.teamId), caller: keep(event.caller, call.caller), startedAt: call.startedAt ?? event.at },
      );
    case 'call.answered':
      return withCall(stats, event.callId, (call) => ({
        repId: event.repId,
        teamId: keep(event.teamId, call.teamId),
        offeredRepId: null,
        clientId: keep(event.clientId, call.clientId),
        dealId: keep(event.dealId, call.dealId),
        answeredAt: event.at,
      }));
    case 'call.ended':
      return withCall(stats, event.callId, (call) => ({
        outcome: event.outcome,
        endedAt: event.at,
        offeredRepId: null,
        teamId: keep(event.teamId, call.teamId),
        repId: keep(event.repId, call.repId),
      }));
    case 'call.details':
      if (!stats.calls.has(event.callId)) return stats;
      return withCall(stats, event.callId, (call) => ({
        clientId: keep(event.clientId, call.clientId),
        clientName: keep(event.clientName, call.clientName),
        dealId: keep(event.dealId, call.dealId),
        dealStage: keep(event.dealStage, call.dealStage),
      }));
    case 'rep.state': {
      const reps = new Map(stats.reps);
      const known = stats.reps.get(event.repId);
      reps.set(event.repId, { repId: event.repId, teamId: event.teamId, name: keep(event.name, known?.name ?? null), state: event.state, since: event.since, pauseReason: event.pauseReason });
      return { ...stats, reps };
    }
    case 'rep.removed': {
      if (!stats.reps.has(event.repId)) return stats;
      const reps = new Map(stats.reps);
      reps.delete(event.repId);
      return { ...stats, reps };
    }
    case 'callbacks.open': {
      const callbacksOpen = new Map(stats.callbacksOpen);
      callbacksOpen.set(event.teamId, event.open);
      return { ...stats, callbacksOpen };
    }
    case 'nps.today': {
      const npsToday = new Map(stats.npsToday);
      npsToday.set(event.teamId, { promoters: event.promoters, passives: event.passives, detractors: event.detractors });
      return { ...stats, npsToday };
    }
    case 'prune': {
      const calls = new Map([...stats.calls].filter(([, call]) => call.endedAt === null || call.endedAt >= event.before));
      return calls.size === stats.calls.size ? stats : { ...stats, calls };
    }
  }
}

export function applyEvents(stats: LiveStats, events: readonly StatsEvent[]): LiveStats {
  return events.reduce(applyEvent, stats);
}
