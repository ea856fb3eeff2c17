import { applyEvent, applyEvents, EMPTY_STATS } from '../../src/stats/live-stats.reducer';
import { LiveStats, StatsEvent } from '../../src/stats/live-stats.types';
import { affectedScopes, liveNumbers, scopeKey, snapshotBody, windowNumbers } from '../../src/stats/live-stats.view';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const s = (seconds: number): number => T0 + seconds * 1000;
const TEAM_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const TEAM_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const clock = (now: number) => ({ now, dayStart: T0 - 9 * 3_600_000, serviceLevelSeconds: 20 });

const started = (callId: string, at: number): StatsEvent => ({ type: 'call.started', callId, direction: 'inbound', teamId: null, repId: null, clientId: null, dealId: null, at });
const answered = (callId: string, at: number, repId = 'rep-1', teamId = TEAM_A): StatsEvent => ({ type: 'call.answered', callId, repId, teamId, clientId: null, dealId: null, at });
const ended = (callId: string, at: number, outcome: string, teamId: string | null = TEAM_A): StatsEvent => ({ type: 'call.ended', callId, outcome, teamId, repId: null, at });

describe('applyEvent (pure reducer)', () => {
  it('never mutates its input', () => {
    const before = applyEvent(EMPTY_STATS, started('c1', s(0)));
    const frozenCalls = new Map(before.calls);
    applyEvent(before, answered('c1', s(5)));
    expect(before.calls).toEqual(frozenCalls);
    expect(before.calls.get('c1')?.answeredAt).toBeNull();
  });

  const cases: Array<{ name: string; events: StatsEvent[]; expect: Partial<Record<string, unknown>> }> = [
    { name: 'started only: waiting', events: [started('c1', s(0))], expect: { startedAt: s(0), answeredAt: null, endedAt: null, teamId: null } },
    { name: 'offer attributes the waiting call to the ringing rep\'s team', events: [started('c1', s(0)), { type: 'call.offered', callId: 'c1', repId: 'rep-1', teamId: TEAM_A, caller: '+491', at: s(0) }], expect: { offeredRepId: 'rep-1', teamId: TEAM_A, caller: '+491' } },
    { name: 'offer before the journal\'s started (out of order)', events: [{ type: 'call.offered', callId: 'c1', repId: 'rep-1', teamId: TEAM_A, caller: null, at: s(0) }, started('c1', s(0))], expect: { offeredRepId: 'rep-1', teamId: TEAM_A, startedAt: s(0) } },
    { name: 'answer clears the offer and sets rep/team', events: [started('c1', s(0)), { type: 'call.offered', callId: 'c1', repId: 'rep-9', teamId: TEAM_B, caller: null, at: s(0) }, answered('c1', s(4), 'rep-1', TEAM_A)], expect: { offeredRepId: null, repId: 'rep-1', teamId: TEAM_A, answeredAt: s(4) } },
    { name: 'a late offer after the answer changes nothing', events: [started('c1', s(0)), answered('c1', s(4)), { type: 'call.offered', callId: 'c1', repId: 'rep-9', teamId: TEAM_B, caller: null, at: s(0) }], expect: { offeredRepId: null, teamId: TEAM_A } },
    { name: 'an abandoned call keeps the team it rang at', events: [started('c1', s(0)), { type: 'call.offered', callId: 'c1', repId: 'rep-1', teamId: TEAM_A, caller: null, at: s(0) }, ended('c1', s(30), 'abandoned', null)], expect: { outcome: 'abandoned', teamId: TEAM_A, endedAt: s(30), offeredRepId: null } },
    { name: 'details fill client and deal', events: [started('c1', s(0)), { type: 'call.details', callId: 'c1', clientId: 'k1', clientName: 'ACME', dealId: 'd1', dealStage: 'Qualified' }], expect: { clientName: 'ACME', dealStage: 'Qualified' } },
  ];
  it.each(cases)('$name', ({ events, expect: expected }) => {
    expect(applyEvents(EMPTY_STATS, events).calls.get('c1')).toMatchObject(expected);
  });

  it('details for an unknown call are ignored (the call already pruned)', () => {
    expect(applyEvent(EMPTY_STATS, { type: 'call.details', callId: 'x', clientId: null, clientName: 'n', dealId: null, dealStage: null })).toBe(EMPTY_STATS);
  });

  it('prune drops ended calls before the instant and keeps live ones', () => {
    const stats = applyEvents(EMPTY_STATS, [started('old', s(-100)), ended('old', s(-90), 'answered'), started('live', s(-100))]);
    const pruned = applyEvent(stats, { type: 'prune', before: s(0) });
    expect([...pruned.calls.keys()]).toEqual(['live']);
  });

  it('rep state keeps a known name when the update has none', () => {
    const stats = applyEvents(EMPTY_STATS, [
      { type: 'rep.state', repId: 'r1', teamId: TEAM_A, name: 'Ann', state: 'available', since: s(0), pauseReason: null },
      { type: 'rep.state', repId: 'r1', teamId: TEAM_A, name: null, state: 'on-call', since: s(5), pauseReason: null },
    ]);
    expect(stats.reps.get('r1')).toEqual({ repId: 'r1', teamId: TEAM_A, name: 'Ann', state: 'on-call', since: s(5), pauseReason: null });
  });
});

describe('window numbers', () => {
  // c1 answered after 10 s, talked 60 s; c2 answered after 30 s (outside SL 20 s), talked 120 s;
  // c3 abandoned after 45 s; c4 still waiting; c5 outbound (not a queue call).
  const day: StatsEvent[] = [
    started('c1', s(0)), answered('c1', s(10)), ended('c1', s(70), 'answered'),
    started('c2', s(100)), answered('c2', s(130)), ended('c2', s(250), 'answered'),
    started('c3', s(200)), ended('c3', s(245), 'abandoned'),
    started('c4', s(300)),
    { type: 'call.started', callId: 'c5', direction: 'outbound', teamId: TEAM_A, repId: 'rep-1', clientId: null, dealId: null, at: s(5) },
  ];
  const stats: LiveStats = applyEvents(EMPTY_STATS, day);

  it('counts offered, answered, abandoned; SL over resolved calls; ASA and AHT in seconds', () => {
    expect(windowNumbers(stats.calls.values(), s(-1), 20)).toEqual({ offered: 4, answered: 2, abandoned: 1, serviceLevel: 100 / 3, asaSeconds: 20, ahtSeconds: 90 });
  });

  it('a window only counts calls that started inside it', () => {
    expect(windowNumbers(stats.calls.values(), s(150), 20)).toMatchObject({ offered: 2, answered: 0, abandoned: 1, serviceLevel: 0, asaSeconds: null });
  });

  it('empty: nulls, not zeros, where an average has no calls', () => {
    expect(windowNumbers([], 0, 20)).toEqual({ offered: 0, answered: 0, abandoned: 0, serviceLevel: null, asaSeconds: null, ahtSeconds: null });
  });

  it('live numbers: waiting, longest wait, in progress, team filter', () => {
    const withLive = applyEvents(stats, [started('c6', s(310)), answered('c6', s(312))]);
    const all = liveNumbers(withLive, { kind: 'all' }, clock(s(330)));
    expect(all).toMatchObject({ waiting: 1, longestWaitSeconds: 30, inProgress: 1 });
    const teamB = liveNumbers(withLive, { kind: 'team', teamId: TEAM_B }, clock(s(330)));
    expect(teamB).toMatchObject({ waiting: 0, inProgress: 0, today: { offered: 0 } });
  });

  it('NPS and callbacks per team; a rep view has neither', () => {
    const more = applyEvents(stats, [
      { type: 'nps.today', teamId: TEAM_A, promoters: 6, passives: 2, detractors: 2 },
      { type: 'nps.today', teamId: TEAM_B, promoters: 0, passives: 0, detractors: 5 },
      { type: 'callbacks.open', teamId: TEAM_A, open: 3 },
    ]);
    expect(liveNumbers(more, { kind: 'team', teamId: TEAM_A }, clock(s(400)))).toMatchObject({ callbacksOpen: 3, nps: { score: 40, responses: 10 } });
    expect(liveNumbers(more, { kind: 'all' }, clock(s(400))).nps).toEqual({ score: (100 * (6 - 7)) / 15, responses: 15 });
    expect(liveNumbers(more, { kind: 'rep', repId: 'rep-1', teamId: TEAM_A }, clock(s(400)))).toMatchObject({ callbacksOpen: 0, nps: { score: null, responses: 0 } });
  });
});

describe('scopes', () => {
  it('an answer moves a call from the team it rang at to the answering team: both boards change', () => {
    const before = applyEvents(EMPTY_STATS, [started('c1', s(0)), { type: 'call.offered', callId: 'c1', repId: 'rb', teamId: TEAM_B, caller: null, at: s(0) }]);
    const event = answered('c1', s(3), 'ra', TEAM_A);
    const keys = affectedScopes(before, applyEvent(before, event), event).map(scopeKey).sort();
    expect(keys).toEqual(['all', 'rep:ra', 'rep:rb', `team:${TEAM_A}`, `team:${TEAM_B}`].sort());
  });

  it('a snapshot of another team holds none of this team\'s calls or reps', () => {
    const stats = applyEvents(EMPTY_STATS, [started('c1', s(0)), answered('c1', s(2)), { type: 'rep.state', repId: 'rep-1', teamId: TEAM_A, name: 'A', state: 'on-call', since: s(2), pauseReason: null }]);
    expect(snapshotBody(stats, { kind: 'team', teamId: TEAM_B }, clock(s(5)))).toMatchObject({ calls: [], reps: [] });
    expect(snapshotBody(stats, { kind: 'team', teamId: TEAM_A }, clock(s(5))).calls).toEqual([expect.objectContaining({ callId: 'c1', phase: 'talking', repName: 'A' })]);
  });
});
