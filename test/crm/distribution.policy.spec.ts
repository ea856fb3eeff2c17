import {
  cooledTemperature,
  isOverdueForReassignment,
  leastLoadedRep,
  nextCallPriority,
  NextCallCandidate,
  OverdueTask,
  planAssignments,
  planRedistribution,
  RepCandidate,
  RepLoad,
  temperatureAfter,
  TemperatureInput,
  UnownedWork,
} from '../../src/crm/distribution.policy';

const T0 = new Date('2026-11-27T10:00:00Z');
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);
const days = (n: number): Date => new Date(T0.getTime() + n * 86_400_000);

function rep(id: string, tier: RepCandidate['tier'] = 'mid', overrides: Partial<RepCandidate> = {}): RepCandidate {
  return { id, teamId: 't1', tier, enabled: true, ...overrides };
}
function loads(entries: Record<string, [number, number]>): Map<string, RepLoad> {
  return new Map(Object.entries(entries).map(([id, [openTasks, ownedLeads]]) => [id, { openTasks, ownedLeads }]));
}

describe('leastLoadedRep', () => {
  const cases: { name: string; reps: RepCandidate[]; loads: Record<string, [number, number]>; expected: string | null }[] = [
    { name: 'nobody → null', reps: [], loads: {}, expected: null },
    { name: 'smallest total load wins', reps: [rep('a'), rep('b')], loads: { a: [3, 2], b: [1, 1] }, expected: 'b' },
    { name: 'unknown load counts as zero', reps: [rep('a'), rep('b')], loads: { a: [1, 0] }, expected: 'b' },
    { name: 'equal totals → fewer open tasks', reps: [rep('a'), rep('b')], loads: { a: [2, 1], b: [1, 2] }, expected: 'b' },
    { name: 'fully equal → smaller id', reps: [rep('b'), rep('a')], loads: { a: [1, 1], b: [1, 1] }, expected: 'a' },
    { name: 'disabled reps are skipped however idle', reps: [rep('a', 'mid', { enabled: false }), rep('b')], loads: { b: [9, 9] }, expected: 'b' },
    { name: 'only disabled reps → null', reps: [rep('a', 'mid', { enabled: false })], loads: {}, expected: null },
  ];
  it.each(cases)('$name', ({ reps, loads: given, expected }) => {
    expect(leastLoadedRep(reps, loads(given))?.id ?? null).toBe(expected);
  });
});

describe('planAssignments: unowned work to mid-tier reps', () => {
  const lead = (id: string): UnownedWork => ({ kind: 'lead', id, clientId: id, preferredTeamId: null });
  const task = (id: string, clientId: string, preferredTeamId: string | null = null): UnownedWork => ({ kind: 'task', id, clientId, preferredTeamId });
  const cases: { name: string; work: UnownedWork[]; reps: RepCandidate[]; loads: Record<string, [number, number]>; expected: [string, string][] }[] = [
    { name: 'only mid-tier reps get work', work: [lead('c1')], reps: [rep('s1', 'strong'), rep('j1', 'junior'), rep('m1')], loads: {}, expected: [['c1', 'm1']] },
    { name: 'a batch spreads evenly', work: [lead('c1'), lead('c2'), lead('c3')], reps: [rep('m1'), rep('m2')], loads: {}, expected: [['c1', 'm1'], ['c2', 'm2'], ['c3', 'm1']] },
    { name: 'the least loaded first', work: [lead('c1')], reps: [rep('m1'), rep('m2')], loads: { m1: [2, 0] }, expected: [['c1', 'm2']] },
    { name: 'a task prefers its deal team', work: [task('t1', 'c9', 't2')], reps: [rep('m1'), rep('m2', 'mid', { teamId: 't2' })], loads: { m2: [5, 5] }, expected: [['t1', 'm2']] },
    { name: 'no mid rep in that team → any team', work: [task('t1', 'c9', 't3')], reps: [rep('m1'), rep('m2')], loads: { m1: [1, 0] }, expected: [['t1', 'm2']] },
    { name: 'a task follows its client handed out in the same plan', work: [task('t1', 'c1'), lead('c1')], reps: [rep('m1'), rep('m2')], loads: { m1: [0, 0], m2: [0, 0] }, expected: [['c1', 'm1'], ['t1', 'm1']] },
    { name: 'no mid-tier rep → nothing assigned', work: [lead('c1')], reps: [rep('s1', 'strong'), rep('m1', 'mid', { enabled: false })], loads: {}, expected: [] },
  ];
  it.each(cases)('$name', ({ work, reps, loads: given, expected }) => {
    expect(planAssignments(work, reps, loads(given)).map((a) => [a.id, a.toRepId])).toEqual(expected);
  });
});

describe('nextCallPriority', () => {
  function candidate(clientId: string, overrides: Partial<NextCallCandidate> = {}): NextCallCandidate {
    return { clientId, doNotCall: false, temperature: 'cold', lastContactAt: null, isLead: true, tasks: [], otherOpenTasks: 0, ...overrides };
  }
  const callback = (id: string, dueAt: Date) => ({ id, type: 'callback' as const, dueAt });
  const reminder = (id: string, dueAt: Date) => ({ id, type: 'reminder' as const, dueAt });
  const cases: { name: string; candidates: NextCallCandidate[]; expected: [string, string, string | null][] }[] = [
    { name: 'nothing → empty', candidates: [], expected: [] },
    {
      name: 'overdue callbacks first, most overdue first',
      candidates: [candidate('hot', { temperature: 'hot' }), candidate('cb10', { tasks: [callback('k10', minutes(-10))] }), candidate('cb60', { tasks: [callback('k60', minutes(-60))] })],
      expected: [['cb60', 'overdue-callback', 'k60'], ['cb10', 'overdue-callback', 'k10'], ['hot', 'hot-lead', null]],
    },
    {
      name: 'then other due tasks, earliest due first, then leads',
      candidates: [candidate('lead'), candidate('rem', { tasks: [reminder('r1', minutes(-5))] }), candidate('cb', { tasks: [callback('k1', minutes(0))] })],
      expected: [['cb', 'overdue-callback', 'k1'], ['rem', 'due-task', 'r1'], ['lead', 'cold-lead', null]],
    },
    {
      name: 'leads hot → warm → cold, oldest contact first, never contacted before all',
      candidates: [
        candidate('cold'),
        candidate('warm-recent', { temperature: 'warm', lastContactAt: days(-1) }),
        candidate('warm-old', { temperature: 'warm', lastContactAt: days(-5) }),
        candidate('warm-never', { temperature: 'warm' }),
        candidate('hot', { temperature: 'hot', lastContactAt: days(-1) }),
      ],
      expected: [['hot', 'hot-lead', null], ['warm-never', 'warm-lead', null], ['warm-old', 'warm-lead', null], ['warm-recent', 'warm-lead', null], ['cold', 'cold-lead', null]],
    },
    { name: 'do-not-call is never offered, even with an overdue callback', candidates: [candidate('dnc', { doNotCall: true, tasks: [callback('k', minutes(-90))] })], expected: [] },
    { name: 'a callback not yet due keeps the client off the list', candidates: [candidate('later', { temperature: 'hot', tasks: [callback('k', minutes(30))] })], expected: [] },
    { name: "a client another rep is working is not this rep's lead", candidates: [candidate('theirs', { temperature: 'hot', otherOpenTasks: 1 })], expected: [] },
    { name: 'a customer with only closed deals is not a lead', candidates: [candidate('won', { temperature: 'hot', isLead: false })], expected: [] },
    { name: 'a due task on a non-lead still counts', candidates: [candidate('nps', { isLead: false, tasks: [{ id: 'n1', type: 'nps-detractor', dueAt: minutes(-1) }] })], expected: [['nps', 'due-task', 'n1']] },
    { name: 'a lead contacted under 4 h ago rests', candidates: [candidate('just', { temperature: 'hot', lastContactAt: minutes(-239) }), candidate('rested', { temperature: 'hot', lastContactAt: minutes(-240) })], expected: [['rested', 'hot-lead', null]] },
    { name: 'a due callback overrides the rest', candidates: [candidate('cb', { lastContactAt: minutes(-5), tasks: [callback('k', minutes(-1))] })], expected: [['cb', 'overdue-callback', 'k']] },
    { name: 'equal keys → client id decides', candidates: [candidate('b'), candidate('a')], expected: [['a', 'cold-lead', null], ['b', 'cold-lead', null]] },
  ];
  it.each(cases)('$name', ({ candidates, expected }) => {
    expect(nextCallPriority(candidates, T0).map((r) => [r.clientId, r.bucket, r.taskId])).toEqual(expected);
  });
});

describe('nextCallPriority with the call-now window (30 min)', () => {
  function candidate(clientId: string, tasks: NextCallCandidate['tasks'], overrides: Partial<NextCallCandidate> = {}): NextCallCandidate {
    return { clientId, doNotCall: false, temperature: 'cold', lastContactAt: null, isLead: true, tasks, otherOpenTasks: 0, ...overrides };
  }
  const callNow = (id: string, dueAt: Date) => ({ id, type: 'call-now' as const, dueAt });
  const callback = (id: string, dueAt: Date) => ({ id, type: 'callback' as const, dueAt });
  const rules = { callNowWindowMinutes: 30 };
  const cases: { name: string; candidates: NextCallCandidate[]; expected: [string, string, string | null][] }[] = [
    {
      name: 'a fresh call-now task beats the most overdue callback',
      candidates: [candidate('cb', [callback('k', days(-2))]), candidate('reading', [callNow('n', minutes(-1))])],
      expected: [['reading', 'call-now', 'n'], ['cb', 'overdue-callback', 'k']],
    },
    {
      name: 'two call-now clients: the newest event first',
      candidates: [candidate('older', [callNow('o', minutes(-20))]), candidate('newer', [callNow('n', minutes(-2))])],
      expected: [['newer', 'call-now', 'n'], ['older', 'call-now', 'o']],
    },
    {
      name: 'past the window it is an ordinary due task, behind callbacks',
      candidates: [candidate('stale', [callNow('s', minutes(-31))]), candidate('cb', [callback('k', minutes(-5))])],
      expected: [['cb', 'overdue-callback', 'k'], ['stale', 'due-task', 's']],
    },
    {
      name: 'exactly at the window edge it has left the window',
      candidates: [candidate('edge', [callNow('e', minutes(-30))])],
      expected: [['edge', 'due-task', 'e']],
    },
    {
      name: 'a call-now task beats a callback on the same client',
      candidates: [candidate('both', [callback('k', days(-1)), callNow('n', minutes(-3))])],
      expected: [['both', 'call-now', 'n']],
    },
    { name: 'a do-not-call client never leads', candidates: [candidate('dnc', [callNow('n', minutes(-1))], { doNotCall: true })], expected: [] },
  ];
  it.each(cases)('$name', ({ candidates, expected }) => {
    expect(nextCallPriority(candidates, T0, rules).map((r) => [r.clientId, r.bucket, r.taskId])).toEqual(expected);
  });

  it('without rules (window 0) a call-now task is a due task', () => {
    expect(nextCallPriority([candidate('x', [callNow('n', minutes(-1))])], T0).map((r) => r.bucket)).toEqual(['due-task']);
  });
});

describe('temperature', () => {
  const base: TemperatureInput = { current: 'cold', outcome: 'answered', talkSeconds: 0, lastContactAt: days(-1), lastOutcome: null, now: T0 };
  const cases: { name: string; input: Partial<TemperatureInput>; expected: string }[] = [
    { name: 'long answered call → hot', input: { talkSeconds: 300 }, expected: 'hot' },
    { name: 'medium answered call lifts cold → warm', input: { talkSeconds: 60 }, expected: 'warm' },
    { name: 'medium answered call keeps hot', input: { current: 'hot', talkSeconds: 120 }, expected: 'hot' },
    { name: 'short answered call changes nothing', input: { current: 'warm', talkSeconds: 20 }, expected: 'warm' },
    { name: 'first no-answer changes nothing', input: { current: 'hot', outcome: 'no-answer' }, expected: 'hot' },
    { name: 'repeated no-answer → one step colder', input: { current: 'hot', outcome: 'no-answer', lastOutcome: 'busy' }, expected: 'warm' },
    { name: 'repeated machine on cold stays cold', input: { current: 'cold', outcome: 'machine', lastOutcome: 'no-answer' }, expected: 'cold' },
    { name: 'no-answer after an answered call is a first miss', input: { current: 'warm', outcome: 'no-answer', lastOutcome: 'answered' }, expected: 'warm' },
    { name: 'rejected → one step colder', input: { current: 'hot', outcome: 'rejected' }, expected: 'warm' },
    { name: 'client called and we missed it → at least warm', input: { current: 'cold', outcome: 'missed' }, expected: 'warm' },
    { name: 'client abandoned in the queue → at least warm, hot stays hot', input: { current: 'hot', outcome: 'abandoned' }, expected: 'hot' },
    { name: 'failed on our side changes nothing', input: { current: 'warm', outcome: 'failed' }, expected: 'warm' },
    { name: 'hot not contacted for 14 days cools to warm first', input: { current: 'hot', outcome: 'no-answer', lastContactAt: days(-14) }, expected: 'warm' },
    { name: 'not contacted for 30 days is cold before the outcome applies', input: { current: 'hot', outcome: 'answered', talkSeconds: 90, lastContactAt: days(-30) }, expected: 'warm' },
    { name: 'a long call revives even a cooled lead', input: { current: 'hot', talkSeconds: 600, lastContactAt: days(-60) }, expected: 'hot' },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(temperatureAfter({ ...base, ...input })).toBe(expected);
  });

  const cooling: { current: 'hot' | 'warm' | 'cold'; last: Date | null; expected: string }[] = [
    { current: 'hot', last: null, expected: 'hot' },
    { current: 'hot', last: days(-13), expected: 'hot' },
    { current: 'hot', last: days(-14), expected: 'warm' },
    { current: 'warm', last: days(-29), expected: 'warm' },
    { current: 'warm', last: days(-30), expected: 'cold' },
    { current: 'hot', last: days(-45), expected: 'cold' },
  ];
  it.each(cooling)('cooledTemperature($current, $last) → $expected', ({ current, last, expected }) => {
    expect(cooledTemperature(current, last, T0)).toBe(expected);
    // Idempotent: cooling again changes nothing.
    expect(cooledTemperature(cooledTemperature(current, last, T0) as 'hot', last, T0)).toBe(expected);
  });
});

describe('planRedistribution', () => {
  const rules = { taskOverdueReassignMinutes: 120, ownershipMovesAfterMisses: 3 };
  function task(id: string, assigneeRepId: string, overrides: Partial<OverdueTask> = {}): OverdueTask {
    return { id, clientId: `client-${id}`, assigneeRepId, dueAt: minutes(-180), assignedAt: minutes(-1000), reassignedCount: 0, clientOwnerRepId: assigneeRepId, ...overrides };
  }
  const team = [rep('m1'), rep('m2'), rep('m3'), rep('s1', 'strong'), rep('s2', 'strong'), rep('j1', 'junior')];
  const cases: { name: string; tasks: OverdueTask[]; reps?: RepCandidate[]; loads?: Record<string, [number, number]>; expected: [string, string, string, boolean][] }[] = [
    { name: 'overdue beyond the limit → least-loaded rep of the same tier', tasks: [task('t1', 'm1')], loads: { m2: [3, 0], m3: [1, 0] }, expected: [['t1', 'm1', 'm3', false]] },
    { name: 'not yet beyond the limit → stays', tasks: [task('t1', 'm1', { dueAt: minutes(-119) })], expected: [] },
    { name: 'grace restarts at (re)assignment', tasks: [task('t1', 'm1', { assignedAt: minutes(-60) })], expected: [] },
    { name: 'a strong rep’s task goes to another strong rep, never a mid', tasks: [task('t1', 's1')], loads: { s2: [50, 50] }, expected: [['t1', 's1', 's2', false]] },
    { name: 'no other rep of the tier → stays', tasks: [task('t1', 'j1')], expected: [] },
    { name: 'disabled reps are not candidates', tasks: [task('t1', 's1')], reps: [rep('s1', 'strong'), rep('s2', 'strong', { enabled: false })], expected: [] },
    { name: 'same team preferred over a less loaded rep elsewhere', tasks: [task('t1', 'm1')], reps: [rep('m1'), rep('m2', 'mid', { teamId: 't1' }), rep('m9', 'mid', { teamId: 't9' })], loads: { m2: [5, 0] }, expected: [['t1', 'm1', 'm2', false]] },
    { name: 'alone in the team → another team', tasks: [task('t1', 'm1')], reps: [rep('m1'), rep('m9', 'mid', { teamId: 't9' })], expected: [['t1', 'm1', 'm9', false]] },
    { name: 'unknown assignee → stays', tasks: [task('t1', 'gone')], expected: [] },
    { name: 'loads update as the plan goes', tasks: [task('t1', 'm1', { dueAt: minutes(-300) }), task('t2', 'm1')], loads: { m1: [2, 0] }, expected: [['t1', 'm1', 'm2', false], ['t2', 'm1', 'm3', false]] },
    { name: 'the reassignment reaching the limit moves ownership', tasks: [task('t1', 'm1', { reassignedCount: 2 })], expected: [['t1', 'm1', 'm2', true]] },
    { name: 'below the limit ownership stays', tasks: [task('t1', 'm1', { reassignedCount: 1 })], expected: [['t1', 'm1', 'm2', false]] },
    { name: 'already owned by the new rep → no ownership move', tasks: [task('t1', 'm1', { reassignedCount: 5, clientOwnerRepId: 'm2' })], expected: [['t1', 'm1', 'm2', false]] },
  ];
  it.each(cases)('$name', ({ tasks, reps, loads: given, expected }) => {
    const plan = planRedistribution(tasks, reps ?? team, loads(given ?? {}), T0, rules);
    expect(plan.map((move) => [move.taskId, move.fromRepId, move.toRepId, move.moveOwnership])).toEqual(expected);
  });

  it('says why, with the overdue time and the count', () => {
    const [move] = planRedistribution([task('t1', 'm1', { reassignedCount: 1 })], team, new Map(), T0, rules);
    expect(move.reason).toBe('overdue 180 min (limit 120 min); reassignment 2');
  });

  it('measures overdue from the later of due time and assignment', () => {
    expect(isOverdueForReassignment({ dueAt: minutes(-120), assignedAt: null }, T0, rules)).toBe(true);
    expect(isOverdueForReassignment({ dueAt: minutes(-500), assignedAt: minutes(-100) }, T0, rules)).toBe(false);
    expect(isOverdueForReassignment({ dueAt: minutes(-500), assignedAt: minutes(-120) }, T0, rules)).toBe(true);
  });
});
