import { Principal } from '../../src/auth/principal';
import { toCsv } from '../../src/stats/csv.util';
import { dailyPlan, monthlyPlan, percentDone } from '../../src/stats/plan.policy';
import { startOfDay } from '../../src/stats/stats-clock';
import { statsScopeFor } from '../../src/stats/stats.policy';
import { maySupervise, supervisionPlan } from '../../src/stats/supervision/supervision.policy';

const who = (role: Principal['role'], teamId: string | null = 'team-a', repId: string | null = null): Principal => ({ userId: 'u', login: 'l', role, teamId, repId });

describe('statsScopeFor', () => {
  it.each([
    [who('admin', null), undefined, { kind: 'all' }],
    [who('admin', null), 'team-b', { kind: 'team', teamId: 'team-b' }],
    [who('supervisor'), undefined, { kind: 'team', teamId: 'team-a' }],
    [who('supervisor'), 'team-a', { kind: 'team', teamId: 'team-a' }],
    [who('rep', 'team-a', 'rep-1'), undefined, { kind: 'rep', repId: 'rep-1', teamId: 'team-a' }],
  ])('%j asking %s gets %j', (principal, teamId, scope) => {
    expect(statsScopeFor(principal, teamId)).toEqual(scope);
  });

  it.each([
    [who('supervisor'), 'team-b'],
    [who('rep', 'team-a', 'rep-1'), 'team-a'],
    [who('supervisor', null), undefined],
  ])('%j asking %s is refused', (principal, teamId) => {
    expect(() => statsScopeFor(principal, teamId)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('supervision rules', () => {
  it.each([
    [who('admin', null), 'team-a', true],
    [who('supervisor'), 'team-a', true],
    [who('supervisor'), 'team-b', false],
    [who('supervisor'), null, false],
    [who('trainer'), 'team-a', false],
    [who('rep', 'team-a', 'r'), 'team-a', false],
  ])('%j on a call of %s: %s', (principal, team, allowed) => {
    expect(maySupervise(principal, team)).toBe(allowed);
  });

  it.each([
    ['listen', { snoop: { spy: 'both', whisper: 'none' } }],
    ['whisper', { snoop: { spy: 'both', whisper: 'out' } }],
    ['barge', { snoop: null }],
  ] as const)('%s', (mode, plan) => expect(supervisionPlan(mode)).toEqual(plan));
});

describe('plan vs fact', () => {
  it('prorates a monthly target over partial months', () => {
    expect(monthlyPlan(30, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toBeCloseTo(30);
    expect(monthlyPlan(30, new Date('2026-11-16T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toBeCloseTo(15);
    expect(monthlyPlan(31, new Date('2026-11-16T00:00:00Z'), new Date('2026-12-17T00:00:00Z'))).toBeCloseTo(15.5 + 16);
  });

  it('counts only working days for a daily target', () => {
    // 2026-11-23 is a Monday: Mon..Sun = 5 working days.
    expect(dailyPlan(10, new Date('2026-11-23T00:00:00Z'), new Date('2026-11-30T00:00:00Z'), [1, 2, 3, 4, 5])).toBe(50);
  });

  it('percent done: one decimal, null without a plan', () => {
    expect(percentDone(1, 3)).toBe(33.3);
    expect(percentDone(5, 0)).toBeNull();
  });
});

describe('startOfDay', () => {
  it.each([
    ['2026-11-27T10:00:00Z', 'Europe/Berlin', '2026-11-26T23:00:00.000Z'],
    ['2026-11-26T23:30:00Z', 'Europe/Berlin', '2026-11-26T23:00:00.000Z'],
    ['2026-07-01T12:00:00Z', 'Europe/Berlin', '2026-06-30T22:00:00.000Z'],
    ['2026-03-29T12:00:00Z', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'],
    ['2026-11-27T03:00:00Z', 'UTC', '2026-11-27T00:00:00.000Z'],
  ])('%s in %s starts at %s', (now, zone, expected) => {
    expect(new Date(startOfDay(Date.parse(now), zone)).toISOString()).toBe(expected);
  });
});

describe('toCsv', () => {
  it('quotes, escapes and defuses formulas', () => {
    expect(toCsv([{ a: 'x,y', b: 'say "hi"', c: '=1+1', d: null }], ['a', 'b', 'c', 'd'])).toBe('a,b,c,d\r\n"x,y","say ""hi""",\'=1+1,\r\n');
  });
});
