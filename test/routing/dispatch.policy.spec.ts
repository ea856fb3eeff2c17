import { dispatch, pickByStrategy, queueOrder, WaitingCall } from '../../src/routing/dispatch.policy';
import { RosterRep } from '../../src/routing/roster.types';

const T0 = new Date('2026-11-27T10:00:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const rules = { ownerRingSeconds: 20, repRingSeconds: 15, strongStrategy: 'longest-idle' as const, midTierJoinAfterSeconds: 30, maxQueueWaitSeconds: 300, hotClientsJumpQueue: true };

function rep(id: string, tier: RosterRep['tier'], overrides: Partial<RosterRep> = {}): RosterRep {
  return { id, teamId: 't1', tier, sipEndpoint: `rep-${id}`, enabled: true, state: 'available', stateSince: at(-600), pauseReason: null, reachable: true, lastCallEndedAt: null, lastOfferedAt: null, callsToday: 0, consecutiveNoAnswers: 0, ...overrides };
}
function call(id: string, overrides: Partial<WaitingCall> = {}): WaitingCall {
  return { callId: id, enqueuedAt: T0, hot: false, ownerRepId: null, triedRepIds: [], offering: false, ...overrides };
}

describe('dispatch: the routing ladder', () => {
  const cases: { name: string; waiting: WaitingCall[]; roster: RosterRep[]; now: Date; offers: [string, string, string][]; expired?: string[] }[] = [
    { name: 'unknown caller → a strong seller', waiting: [call('c1')], roster: [rep('m1', 'mid'), rep('s1', 'strong')], now: at(0), offers: [['c1', 's1', 'strong']] },
    { name: 'known client → the owner first, even a mid-tier owner', waiting: [call('c1', { ownerRepId: 'm1' })], roster: [rep('m1', 'mid'), rep('s1', 'strong')], now: at(0), offers: [['c1', 'm1', 'owner']] },
    { name: 'owner busy → straight to a strong seller', waiting: [call('c1', { ownerRepId: 'm1' })], roster: [rep('m1', 'mid', { state: 'on-call' }), rep('s1', 'strong')], now: at(0), offers: [['c1', 's1', 'strong']] },
    { name: 'owner did not answer → a strong seller', waiting: [call('c1', { ownerRepId: 'm1', triedRepIds: ['m1'] })], roster: [rep('m1', 'mid'), rep('s1', 'strong')], now: at(21), offers: [['c1', 's1', 'strong']] },
    { name: 'owner unreachable (softphone offline) → strong', waiting: [call('c1', { ownerRepId: 's2' })], roster: [rep('s2', 'strong', { reachable: false }), rep('s1', 'strong')], now: at(0), offers: [['c1', 's1', 'strong']] },
    { name: 'no strong seller free → mid tier waits for the configured time', waiting: [call('c1')], roster: [rep('s1', 'strong', { state: 'on-call' }), rep('m1', 'mid')], now: at(29), offers: [] },
    { name: 'no strong seller free → mid tier joins after the wait', waiting: [call('c1')], roster: [rep('s1', 'strong', { state: 'on-call' }), rep('m1', 'mid')], now: at(30), offers: [['c1', 'm1', 'mid']] },
    { name: 'juniors never take inbound calls', waiting: [call('c1')], roster: [rep('j1', 'junior')], now: at(100), offers: [] },
    { name: 'paused, wrap-up and disabled reps are skipped', waiting: [call('c1')], roster: [rep('s1', 'strong', { state: 'paused' }), rep('s2', 'strong', { state: 'wrap-up' }), rep('s3', 'strong', { enabled: false }), rep('s4', 'strong')], now: at(0), offers: [['c1', 's4', 'strong']] },
    { name: 'a call already ringing a rep is left alone', waiting: [call('c1', { offering: true })], roster: [rep('s1', 'strong')], now: at(0), offers: [] },
    { name: 'one free rep, two callers → the longest waiter', waiting: [call('late', { enqueuedAt: at(5) }), call('early', { enqueuedAt: at(0) })], roster: [rep('s1', 'strong')], now: at(10), offers: [['early', 's1', 'strong']] },
    { name: 'hot client jumps the line', waiting: [call('early', { enqueuedAt: at(0) }), call('hot', { enqueuedAt: at(5), hot: true })], roster: [rep('s1', 'strong')], now: at(10), offers: [['hot', 's1', 'strong']] },
    { name: 'two reps, two callers → both served, each rep once', waiting: [call('a', { enqueuedAt: at(0) }), call('b', { enqueuedAt: at(1) })], roster: [rep('s1', 'strong', { stateSince: at(-100) }), rep('s2', 'strong', { stateSince: at(-50) })], now: at(2), offers: [['a', 's1', 'strong'], ['b', 's2', 'strong']] },
    { name: 'maximum wait reached → expired', waiting: [call('c1')], roster: [], now: at(300), offers: [], expired: ['c1'] },
    { name: 'escalated into the strong ladder → the mid tier never joins', waiting: [call('c1', { strongOnly: true, triedRepIds: ['m1'] })], roster: [rep('s1', 'strong', { state: 'on-call' }), rep('m2', 'mid')], now: at(100), offers: [] },
    { name: 'escalated into the strong ladder → a free strong seller', waiting: [call('c1', { strongOnly: true, triedRepIds: ['m1'] })], roster: [rep('m2', 'mid'), rep('s1', 'strong')], now: at(100), offers: [['c1', 's1', 'strong']] },
    { name: 'escalated by its mid-tier owner → never back to the owner, even in a new round', waiting: [call('c1', { strongOnly: true, ownerRepId: 'm1', triedRepIds: ['s1'] })], roster: [rep('m1', 'mid'), rep('s1', 'strong', { state: 'on-call' })], now: at(100), offers: [] },
    { name: 'escalated, strong owner free → the owner', waiting: [call('c1', { strongOnly: true, ownerRepId: 's2', triedRepIds: ['m1'] })], roster: [rep('s1', 'strong'), rep('s2', 'strong')], now: at(100), offers: [['c1', 's2', 'owner']] },
    { name: 'every strong seller tried → a new round', waiting: [call('c1', { triedRepIds: ['s1'] })], roster: [rep('s1', 'strong')], now: at(20), offers: [['c1', 's1', 'strong']] },
  ];

  it.each(cases)('$name', ({ waiting, roster, now, offers, expired }) => {
    const decision = dispatch(waiting, roster, rules, now);
    expect(decision.offers.map((offer) => [offer.callId, offer.repId, offer.rung])).toEqual(offers);
    expect(decision.expired).toEqual(expired ?? []);
  });

  it('rings the owner for the owner time and others for the rep time', () => {
    const decision = dispatch([call('a', { ownerRepId: 'm1' }), call('b')], [rep('m1', 'mid'), rep('s1', 'strong')], rules, at(0));
    expect(decision.offers.map((offer) => offer.ringSeconds)).toEqual([20, 15]);
  });

  it('says why a fallback happened', () => {
    const [offer] = dispatch([call('c1', { ownerRepId: 'm1', triedRepIds: ['m1'] })], [rep('m1', 'mid'), rep('s1', 'strong')], rules, at(21)).offers;
    expect(offer.reason).toBe('strong seller: owner did not answer');
  });

  it('wakes up when the mid tier may join, then at the maximum wait', () => {
    expect(dispatch([call('c1')], [], rules, at(10)).wakeAt).toEqual(at(30));
    expect(dispatch([call('c1')], [], rules, at(40)).wakeAt).toEqual(at(300));
    expect(dispatch([call('c1', { enqueuedAt: at(5) }), call('c2')], [], rules, at(10)).wakeAt).toEqual(at(30));
  });

  it('marks a restarted round so the session can clear its tried list', () => {
    expect(dispatch([call('c1', { triedRepIds: ['s1'] })], [rep('s1', 'strong')], rules, at(20)).restartRound).toEqual(['c1']);
  });
});

describe('pickByStrategy', () => {
  const reps = [
    rep('a', 'strong', { stateSince: at(-10), callsToday: 1, lastOfferedAt: at(-5) }),
    rep('b', 'strong', { stateSince: at(-300), callsToday: 9, lastOfferedAt: at(-1) }),
    rep('c', 'strong', { stateSince: at(-60), lastCallEndedAt: at(-400), callsToday: 0, lastOfferedAt: null }),
  ];
  it.each([
    ['longest-idle', 'b'],
    ['fewest-calls', 'c'],
    ['round-robin', 'c'],
  ] as const)('%s picks %s', (strategy, expected) => {
    expect(pickByStrategy(reps, strategy)?.id).toBe(expected);
  });
  it('returns null for nobody', () => expect(pickByStrategy([], 'longest-idle')).toBeNull());
});

describe('queueOrder', () => {
  it('keeps arrival order when hot clients may not jump', () => {
    const order = queueOrder([call('hot', { hot: true, enqueuedAt: at(5) }), call('first', { enqueuedAt: at(0) })], false);
    expect(order.map((c) => c.callId)).toEqual(['first', 'hot']);
  });
});
