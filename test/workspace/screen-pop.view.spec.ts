import { Principal } from '../../src/auth/principal';
import { buildScreenPop, formatAmount, formatDuration, npsCategory, ScreenPopFacts } from '../../src/workspace/screen-pop.view';
import { mayPop } from '../../src/workspace/screen-pop.service';

const NOW = new Date('2026-12-01T10:00:00Z');
const STARTED = new Date('2026-12-01T09:59:50Z');
const rep = (repId: string, teamId = 't1'): Principal => ({ userId: `u-${repId}`, login: repId, role: 'rep', teamId, repId });
const ME = rep('me');

function facts(overrides: Partial<ScreenPopFacts> = {}): ScreenPopFacts {
  return {
    call: { callId: 'c-now', callerE164: '+4917012345', startedAt: STARTED, rung: 'owner', reason: 'client owner is available' },
    client: { id: 'cl', name: 'Anna Schmidt GmbH', temperature: 'hot', createdAt: new Date('2026-10-01T00:00:00Z'), ownerRepId: 'me', ownerName: 'Me' },
    deal: { id: 'd1', stageName: 'Proposal', amount: '12500.00', currency: 'EUR', openedByCallId: null },
    lastCalls: [],
    openTasks: [],
    lastNps: null,
    ...overrides,
  };
}

const pastCall = (callId: string, over: Partial<ScreenPopFacts['lastCalls'][number]> = {}): ScreenPopFacts['lastCalls'][number] => ({
  callId, at: new Date('2026-11-30T12:00:00Z'), direction: 'inbound', outcome: 'answered', talkSeconds: 185, repId: 'me', repName: 'Me', teamId: 't1', recordingId: `rec-${callId}`, recordingStatus: 'stored', ...over,
});

describe('buildScreenPop', () => {
  const cases: Array<{ name: string; facts: ScreenPopFacts; viewer?: Principal; expect: Record<string, unknown> }> = [
    { name: 'known client: name, temperature, owner is the viewer, why: owner rung', facts: facts(), expect: { title: 'Anna Schmidt GmbH', newLead: false, temperature: 'hot', owner: 'you', whyYou: 'You own this client (client owner is available)' } },
    { name: 'owned by someone else: their name', facts: facts({ client: { ...facts().client!, ownerRepId: 'other', ownerName: 'Bob' } }), expect: { owner: 'Bob' } },
    { name: 'no owner', facts: facts({ client: { ...facts().client!, ownerRepId: null, ownerName: null } }), expect: { owner: 'no owner yet' } },
    { name: 'unknown caller, lead not written yet: new lead, no deal', facts: facts({ client: null, deal: null }), expect: { title: 'New lead', newLead: true, deal: null, temperature: null } },
    { name: 'client created by this call: new lead with the deal just opened', facts: facts({ client: { ...facts().client!, name: '+4917012345', createdAt: new Date(STARTED.getTime() + 300) }, deal: { ...facts().deal!, openedByCallId: 'c-now', amount: '0', stageName: 'New' } }), expect: { title: 'New lead', newLead: true, deal: { id: 'd1', stage: 'New', amount: '€0.00', justOpened: true } } },
    { name: 'known client, deal opened by this call: not a new lead', facts: facts({ deal: { ...facts().deal!, openedByCallId: 'c-now' } }), expect: { newLead: false, deal: { id: 'd1', stage: 'Proposal', amount: '€12,500.00', justOpened: true } } },
    { name: 'mid rung with the wait in the reason', facts: facts({ call: { ...facts().call, rung: 'mid', reason: 'no strong seller free after 31 s' } }), expect: { whyYou: 'Mid tier joined: no strong seller free (no strong seller free after 31 s)' } },
    { name: 'no rung known', facts: facts({ call: { ...facts().call, rung: null, reason: null } }), expect: { whyYou: 'Routed to you' } },
    { name: 'unknown number', facts: facts({ call: { ...facts().call, callerE164: null } }), expect: { number: 'unknown number' } },
    { name: 'NPS 9 is a promoter', facts: facts({ lastNps: { score: 9, at: NOW } }), expect: { nps: { score: 9, category: 'promoter', at: NOW.toISOString() } } },
  ];
  it.each(cases)('$name', ({ facts: input, viewer, expect: expected }) => {
    expect(buildScreenPop(input, viewer ?? ME, NOW)).toMatchObject(expected);
  });

  it('last calls: this call left out, at most five, play only for a stored recording the viewer may hear', () => {
    const calls = [pastCall('c-now'), pastCall('a'), pastCall('b', { recordingStatus: 'uploading' }), pastCall('c', { repId: 'other', teamId: 't1' }), pastCall('d', { recordingId: null }), pastCall('e', { outcome: null, talkSeconds: null }), pastCall('f')];
    const view = buildScreenPop(facts({ lastCalls: calls }), ME, NOW);
    expect(view.lastCalls.map((c) => [c.callId, c.playRecordingId])).toEqual([['a', 'rec-a'], ['b', null], ['c', null], ['d', null], ['e', 'rec-e']]);
    expect(view.lastCalls[0]).toMatchObject({ outcome: 'answered', talk: '3:05', rep: 'Me' });
    expect(view.lastCalls[4]).toMatchObject({ outcome: 'in progress', talk: '—' });
    // A supervisor of the team may hear the colleague's call the rep may not.
    const supervisor: Principal = { userId: 's', login: 's', role: 'supervisor', teamId: 't1', repId: null };
    expect(buildScreenPop(facts({ lastCalls: [pastCall('c', { repId: 'other' })] }), supervisor, NOW).lastCalls[0].playRecordingId).toBe('rec-c');
  });

  it('open tasks: overdue when due before now', () => {
    const view = buildScreenPop(facts({ openTasks: [{ id: 't1', type: 'callback', dueAt: new Date(NOW.getTime() - 1), reason: 'missed call', assigneeName: null }, { id: 't2', type: 'reminder', dueAt: NOW, reason: 'next contact', assigneeName: 'Me' }] }), ME, NOW);
    expect(view.openTasks.map((t) => [t.id, t.overdue, t.assignee])).toEqual([['t1', true, 'unassigned'], ['t2', false, 'Me']]);
  });
});

describe('screen pop helpers', () => {
  it.each([[10, 'promoter'], [9, 'promoter'], [8, 'passive'], [7, 'passive'], [6, 'detractor'], [0, 'detractor']] as const)('NPS %i → %s', (score, category) => expect(npsCategory(score)).toBe(category));
  it.each([[null, '—'], [0, '0:00'], [59.6, '1:00'], [3601, '60:01']] as const)('duration %p → %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
  it.each([['1234.5', 'EUR', '€1,234.50'], ['99', 'USD', '$99.00'], ['abc', 'EUR', 'abc EUR'], ['10', 'euro', '10.00 euro']])('amount %s %s → %s', (amount, currency, text) => expect(formatAmount(amount, currency)).toBe(text));
});

describe('mayPop: who sees a call’s card', () => {
  const scope = { offeredRepIds: ['me'], teamIds: ['t1'] };
  it.each([
    ['the rep it was offered to', ME, true],
    ['another rep of the same team', rep('colleague'), false],
    ['a rep without a rep id', { ...ME, repId: null }, false],
    ['a supervisor of the team', { userId: 's', login: 's', role: 'supervisor', teamId: 't1', repId: null }, true],
    ['a trainer of another team', { userId: 't', login: 't', role: 'trainer', teamId: 't2', repId: null }, false],
    ['an admin', { userId: 'a', login: 'a', role: 'admin', teamId: null, repId: null }, true],
  ] as Array<[string, Principal, boolean]>)('%s → %p', (_name, viewer, allowed) => expect(mayPop(viewer, scope)).toBe(allowed));
});
