import { RepEvent, repTransition } from '../../src/routing/rep-state.policy';
import { RosterRep } from '../../src/routing/roster.types';

const NOW = new Date('2026-11-27T10:00:00Z');
const rules = { wrapUpSeconds: 30, noAnswerPauseAfter: 2 };
const base: RosterRep = { id: 'r1', teamId: 't', tier: 'strong', sipEndpoint: 'rep-r1', enabled: true, state: 'available', stateSince: new Date(0), pauseReason: null, reachable: true, lastCallEndedAt: null, lastOfferedAt: null, callsToday: 0, consecutiveNoAnswers: 0 };

describe('repTransition', () => {
  const cases: { name: string; from: Partial<RosterRep>; event: RepEvent; state: string; pauseReason?: string | null; extra?: Partial<RosterRep> }[] = [
    { name: 'offer rings the rep', from: {}, event: { type: 'offered' }, state: 'ringing', extra: { lastOfferedAt: NOW } },
    { name: 'answer puts the rep on a call and clears misses', from: { state: 'ringing', consecutiveNoAnswers: 1 }, event: { type: 'answered' }, state: 'on-call', extra: { consecutiveNoAnswers: 0 } },
    { name: 'first no-answer → available again', from: { state: 'ringing' }, event: { type: 'offer-failed', reason: 'no-answer' }, state: 'available', extra: { consecutiveNoAnswers: 1 } },
    { name: 'second no-answer in a row → paused no-answer', from: { state: 'ringing', consecutiveNoAnswers: 1 }, event: { type: 'offer-failed', reason: 'no-answer' }, state: 'paused', pauseReason: 'no-answer' },
    { name: 'busy does not count as a miss', from: { state: 'ringing', consecutiveNoAnswers: 1 }, event: { type: 'offer-failed', reason: 'busy' }, state: 'available', extra: { consecutiveNoAnswers: 1 } },
    { name: 'caller gone while ringing → available', from: { state: 'ringing' }, event: { type: 'offer-failed', reason: 'cancelled' }, state: 'available' },
    { name: 'unreachable phone → offline', from: { state: 'ringing' }, event: { type: 'offer-failed', reason: 'unreachable' }, state: 'offline' },
    { name: 'call end → wrap-up and counted', from: { state: 'on-call' }, event: { type: 'call-ended' }, state: 'wrap-up', extra: { callsToday: 1, lastCallEndedAt: NOW } },
    { name: 'call end never leaves a rep on-call, even after a reconnect', from: { state: 'on-call', reachable: false }, event: { type: 'call-ended' }, state: 'wrap-up' },
    { name: 'wrap-up elapsed → available', from: { state: 'wrap-up' }, event: { type: 'wrap-up-elapsed' }, state: 'available' },
    { name: 'wrap-up elapsed does not unpause', from: { state: 'paused', pauseReason: 'lunch' }, event: { type: 'wrap-up-elapsed' }, state: 'paused', pauseReason: 'lunch' },
    { name: 'softphone registers → available', from: { state: 'offline', reachable: false }, event: { type: 'reachability', reachable: true }, state: 'available' },
    { name: 'softphone lost → offline', from: {}, event: { type: 'reachability', reachable: false }, state: 'offline' },
    { name: 'softphone lost mid-call keeps the call', from: { state: 'on-call' }, event: { type: 'reachability', reachable: false }, state: 'on-call' },
    { name: 'pause with a reason', from: {}, event: { type: 'pause', reason: 'lunch' }, state: 'paused', pauseReason: 'lunch' },
    { name: 'no pause in the middle of a call', from: { state: 'on-call' }, event: { type: 'pause', reason: 'lunch' }, state: 'on-call' },
    { name: 'resume clears the no-answer count', from: { state: 'paused', pauseReason: 'no-answer', consecutiveNoAnswers: 2 }, event: { type: 'resume' }, state: 'available', pauseReason: null, extra: { consecutiveNoAnswers: 0 } },
    { name: 'resume while unreachable → offline', from: { state: 'paused', pauseReason: 'x', reachable: false }, event: { type: 'resume' }, state: 'offline' },
    { name: 'supervisor forces a pause', from: {}, event: { type: 'force', state: 'paused' }, state: 'paused', pauseReason: 'supervisor' },
  ];

  it.each(cases)('$name', ({ from, event, state, pauseReason, extra }) => {
    const { rep } = repTransition({ ...base, ...from }, event, rules, NOW);
    expect(rep.state).toBe(state);
    if (pauseReason !== undefined) expect(rep.pauseReason).toBe(pauseReason);
    if (extra) expect(rep).toMatchObject(extra);
  });

  it('tells when wrap-up ends', () => {
    expect(repTransition({ ...base, state: 'on-call' }, { type: 'call-ended' }, rules, NOW).wrapUpUntil).toEqual(new Date(NOW.getTime() + 30_000));
  });

  it('goes straight to available without wrap-up time', () => {
    expect(repTransition({ ...base, state: 'on-call' }, { type: 'call-ended' }, { ...rules, wrapUpSeconds: 0 }, NOW).rep.state).toBe('available');
  });
});
