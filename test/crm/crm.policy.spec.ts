import { Principal } from '../../src/auth/principal';
import { canChangeOwned, canSeeOwned, dealTransition, DealChange, planStageSync, StoredStage } from '../../src/crm/crm.policy';

const admin: Principal = { userId: 'u0', login: 'admin', role: 'admin', teamId: null, repId: null };
const supA: Principal = { userId: 'u1', login: 'sup', role: 'supervisor', teamId: 'A', repId: null };
const trainerA: Principal = { userId: 'u2', login: 'tr', role: 'trainer', teamId: 'A', repId: null };
const repA1: Principal = { userId: 'u3', login: 'r1', role: 'rep', teamId: 'A', repId: 'r1' };
const repA2: Principal = { userId: 'u4', login: 'r2', role: 'rep', teamId: 'A', repId: 'r2' };

describe('client/deal scoping', () => {
  const ownedByR1 = { id: 'r1', teamId: 'A' };
  const ownedInB = { id: 'rb', teamId: 'B' };
  const cases: { who: string; principal: Principal; owner: { id: string; teamId: string } | null; see: boolean; change: boolean }[] = [
    { who: 'admin, any team', principal: admin, owner: ownedInB, see: true, change: true },
    { who: 'supervisor, own team', principal: supA, owner: ownedByR1, see: true, change: true },
    { who: 'supervisor, other team', principal: supA, owner: ownedInB, see: false, change: false },
    { who: 'trainer, own team: read-only', principal: trainerA, owner: ownedByR1, see: true, change: false },
    { who: 'rep, owner', principal: repA1, owner: ownedByR1, see: true, change: true },
    { who: 'rep, same team but not owner', principal: repA2, owner: ownedByR1, see: false, change: false },
    { who: 'unowned lead: supervisor sees the pool', principal: supA, owner: null, see: true, change: true },
    { who: 'unowned lead: no rep sees it', principal: repA1, owner: null, see: false, change: false },
  ];
  it.each(cases)('$who', ({ principal, owner, see, change }) => {
    expect(canSeeOwned(principal, owner)).toBe(see);
    expect(canChangeOwned(principal, owner)).toBe(change);
  });
});

describe('dealTransition', () => {
  const open = { status: 'open' as const, stageId: 's1' };
  const cases: { name: string; deal: { status: 'open' | 'won' | 'lost'; stageId: string }; change: DealChange; expected: string }[] = [
    { name: 'move stage', deal: open, change: { stageId: 's2' }, expected: 'ok open s2 change' },
    { name: 'same stage again: accepted, nothing recorded', deal: open, change: { stageId: 's1' }, expected: 'ok open s1 same' },
    { name: 'won with amount', deal: open, change: { status: 'won', amount: 1200 }, expected: 'ok won s1 change' },
    { name: 'won and moved in one go', deal: open, change: { status: 'won', amount: 0, stageId: 's5' }, expected: 'ok won s5 change' },
    { name: 'won without amount', deal: open, change: { status: 'won' }, expected: 'VALIDATION_FAILED' },
    { name: 'lost with reason', deal: open, change: { status: 'lost', lostReason: 'budget' }, expected: 'ok lost s1 change' },
    { name: 'lost without reason', deal: open, change: { status: 'lost' }, expected: 'VALIDATION_FAILED' },
    { name: 'a reason without lost', deal: open, change: { stageId: 's2', lostReason: 'x' }, expected: 'VALIDATION_FAILED' },
    { name: 'won is final', deal: { status: 'won', stageId: 's5' }, change: { stageId: 's1' }, expected: 'INVALID_STATE' },
    { name: 'lost is final', deal: { status: 'lost', stageId: 's2' }, change: { status: 'won', amount: 5 }, expected: 'INVALID_STATE' },
  ];
  it.each(cases)('$name', ({ deal, change, expected }) => {
    const result = dealTransition(deal, change);
    const summary = result.ok ? `ok ${result.next.status} ${result.next.stageId} ${result.recordsChange ? 'change' : 'same'}` : result.code;
    expect(summary).toBe(expected);
  });
});

describe('planStageSync', () => {
  const stage = (id: string, key: string, position: number, name = key): StoredStage => ({ id, key, name, position });
  const config = [
    { key: 'new', name: 'New' },
    { key: 'qualified', name: 'Qualified' },
    { key: 'won-ish', name: 'Almost' },
  ];
  it('empty table → every stage inserted in config order', () => {
    expect(planStageSync([], config, new Set())).toEqual({
      insert: [
        { key: 'new', name: 'New', position: 1 },
        { key: 'qualified', name: 'Qualified', position: 2 },
        { key: 'won-ish', name: 'Almost', position: 3 },
      ],
      update: [],
      delete: [],
    });
  });
  it('in sync → nothing to do', () => {
    expect(planStageSync([stage('a', 'new', 1, 'New'), stage('b', 'qualified', 2, 'Qualified'), stage('c', 'won-ish', 3, 'Almost')], config, new Set())).toEqual({ insert: [], update: [], delete: [] });
  });
  it('reordered and renamed in config → positions and names follow', () => {
    const plan = planStageSync([stage('b', 'qualified', 1, 'Qualified'), stage('a', 'new', 2, 'Fresh')], config, new Set());
    expect(plan.update).toEqual([
      { id: 'a', name: 'New', position: 1 },
      { id: 'b', name: 'Qualified', position: 2 },
    ]);
    expect(plan.insert).toEqual([{ key: 'won-ish', name: 'Almost', position: 3 }]);
  });
  it('removed from config: deleted unless deals reference it, then kept after the configured ones', () => {
    const stored = [stage('a', 'new', 1, 'New'), stage('x', 'old-used', 2), stage('y', 'old-unused', 3), stage('b', 'qualified', 4, 'Qualified'), stage('c', 'won-ish', 5, 'Almost')];
    const plan = planStageSync(stored, config, new Set(['x']));
    expect(plan.delete).toEqual(['y']);
    expect(plan.update).toEqual([
      { id: 'b', name: 'Qualified', position: 2 },
      { id: 'c', name: 'Almost', position: 3 },
      { id: 'x', name: 'old-used', position: 4 },
    ]);
  });
});
