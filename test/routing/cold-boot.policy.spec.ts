import { ColdBootStep, endpointOf, LiveChannel, OpenCallRow, planColdBoot } from '../../src/routing/cold-boot.policy';

const REPS = new Set(['rep-a', 'rep-b']);
const caller = (id: string): LiveChannel => ({ id, context: 'from-trunk', name: `PJSIP/trunk-${id}` });
const repLeg = (id: string, endpoint = 'rep-a'): LiveChannel => ({ id, context: 'default', name: `PJSIP/${endpoint}-0000001${id.length}` });
const open = (callId: string, channelId: string, answered = true): OpenCallRow => ({ callId, channelId, answeredAt: answered ? new Date('2026-12-01T10:00:00Z') : null, repId: answered ? 'rep-a-id' : null });

describe('planColdBoot: what a restarted service does with what the killed one left', () => {
  it.each<[string, OpenCallRow[], LiveChannel[], Array<{ id: string; channelIds: string[] }>, ColdBootStep[]]>([
    ['caller and rep still bridged → adopted', [open('c1', 'ch1')], [caller('ch1'), repLeg('r1')], [{ id: 'c1', channelIds: ['ch1', 'r1'] }], [{ type: 'adopt-bridged', callId: 'c1', repChannelId: 'r1' }]],
    [
      'caller gone, rep alone in the bridge → call closed answered, rep hung up, bridge destroyed',
      [open('c1', 'ch1')],
      [repLeg('r1')],
      [{ id: 'c1', channelIds: ['r1'] }],
      [{ type: 'close', callId: 'c1', outcome: 'answered' }, { type: 'hang-up', channelId: 'r1', why: 'caller left while the service was down' }, { type: 'destroy-bridge', bridgeId: 'c1' }],
    ],
    ['waiting caller gone → abandoned', [open('c1', 'ch1', false)], [], [], [{ type: 'close', callId: 'c1', outcome: 'abandoned' }]],
    ['caller still waiting, its offer ringing → the ringing leg hung up, the caller left to be routed again', [open('c1', 'ch1', false)], [caller('ch1'), repLeg('r1')], [], [{ type: 'hang-up', channelId: 'r1', why: 'rep leg of no live call' }]],
    ['caller alone in the bridge (rep gone) → bridge destroyed, caller routed again', [open('c1', 'ch1')], [caller('ch1')], [{ id: 'c1', channelIds: ['ch1'] }], [{ type: 'destroy-bridge', bridgeId: 'c1' }]],
    ['empty bridge of no call → destroyed', [], [], [{ id: 'x', channelIds: [] }], [{ type: 'destroy-bridge', bridgeId: 'x' }]],
    ['a leg of a phone that is not one of our reps → left alone', [], [repLeg('r9', 'someone-else')], [], []],
    ['a bridge whose channels all live, but no call of ours → left alone', [], [caller('z1'), repLeg('z2', 'someone-else')], [{ id: 'other', channelIds: ['z1', 'z2'] }], []],
  ])('%s', (_name, calls, channels, bridges, steps) => {
    expect(planColdBoot(calls, channels, bridges, REPS)).toEqual(steps);
  });

  it.each([
    ['PJSIP/rep-a-00000012', 'rep-a'],
    ['PJSIP/trunk-0000abcd', 'trunk'],
    ['Local/foo', ''],
  ])('endpointOf(%s) = %s', (name, endpoint) => {
    expect(endpointOf(name)).toBe(endpoint);
  });
});
