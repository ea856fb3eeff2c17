import pino from 'pino';
import { DomainEvents } from '../../src/common/events/domain-events';
import { loadConfig } from '../../src/config/app-config';
import { LivePublisher } from '../../src/live/live-publisher';
import { CallRegistry } from '../../src/routing/call-registry';
import { CallerDirectory } from '../../src/routing/caller-directory.service';
import { CallerLookup } from '../../src/routing/caller-lookup';
import { InboundCall } from '../../src/routing/inbound-call';
import { InboundCallRecords } from '../../src/routing/inbound-call-records';
import { InboundRouterService } from '../../src/routing/inbound-router.service';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { RepEvent, repTransition } from '../../src/routing/rep-state.policy';
import { RosterRep } from '../../src/routing/roster.types';
import { RoutingMetrics } from '../../src/routing/routing-metrics';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { AriChannel } from '../../src/telephony/ari/ari-resources';

/**
 * The caller hangs up between their rep's answer and the bridge being formed. Against the real
 * Asterisk this is a window of a few milliseconds that no test can hit on demand, so the router
 * runs here against a stand-in ARI whose bridging waits until the test lets it finish. Everything
 * else (registry, dispatch, the call's life) is the router's own code, and the reps' states move
 * through the same pure `repTransition` the real roster applies, so each case checks them too.
 */
describe('inbound router: a leg leaves while the rep is being bridged', () => {
  const repNamed = (id: string, idleSince: number): RosterRep => ({ id, teamId: 'team-1', tier: 'strong', sipEndpoint: id, enabled: true, state: 'available', stateSince: new Date(idleSince), pauseReason: null, reachable: true, lastCallEndedAt: null, lastOfferedAt: null, callsToday: 0, consecutiveNoAnswers: 0 });
  let reps: RosterRep[];
  const stateOf = (id: string): string | undefined => reps.find((rep) => rep.id === id)?.state;
  let bridging: Array<{ resolve: () => void; reject: (error: Error) => void }>;
  let ari: Record<string, jest.Mock>;
  let router: InboundRouterService;
  let calls: CallRegistry;
  let metrics: RoutingMetrics;
  let written: { answered: string[]; ended: Array<{ outcome: string; answeredAt: Date | null }>; offerFailed: Array<{ repId: string; reason: string }> };

  beforeEach(() => {
    // rep-1 has been idle longest: the first offer goes to them.
    reps = [repNamed('rep-1', 0), repNamed('rep-2', 1000)];
    bridging = [];
    ari = {
      originate: jest.fn(async () => ({})),
      answer: jest.fn(async () => undefined),
      startMoh: jest.fn(async () => undefined),
      stopMoh: jest.fn(async () => undefined),
      hangup: jest.fn(async () => undefined),
      play: jest.fn(async () => ({})),
      destroyBridge: jest.fn(async () => undefined),
      createBridge: jest.fn(async () => ({})),
      addToBridge: jest.fn(() => new Promise<void>((resolve, reject) => void bridging.push({ resolve, reject }))),
    };
    written = { answered: [], ended: [], offerFailed: [] };
    const records = {
      started: () => undefined,
      offered: () => undefined,
      offerFailed: (_call: InboundCall, failed: { repId: string }, reason: string) => void written.offerFailed.push({ repId: failed.repId, reason }),
      answered: (call: InboundCall) => void written.answered.push(call.callId),
      ended: (call: InboundCall, outcome: string) => void written.ended.push({ outcome, answeredAt: call.answeredAt }),
    };
    const config = loadConfig({ ...process.env, RULE_WORKING_HOURS_DAYS: '[0,1,2,3,4,5,6]', RULE_WORKING_HOURS_OPEN: '00:00', RULE_WORKING_HOURS_CLOSE: '24:00' });
    const roster = {
      get: (id: string) => reps.find((rep) => rep.id === id),
      list: () => reps,
      apply: (id: string, event: RepEvent, now = new Date()) => {
        const index = reps.findIndex((rep) => rep.id === id);
        if (index < 0) return undefined;
        reps[index] = repTransition(reps[index], event, config.rules.routing, now).rep;
        return reps[index];
      },
      onRoutable: () => () => undefined,
    };
    calls = new CallRegistry();
    metrics = new RoutingMetrics();
    router = new InboundRouterService(
      ari as unknown as AriClient,
      calls,
      roster as unknown as RepRosterService,
      {} as CallerLookup,
      { lookup: () => null } as unknown as CallerDirectory,
      records as unknown as InboundCallRecords,
      { publish: () => undefined, publishToRep: () => undefined } as unknown as LivePublisher,
      metrics,
      new DomainEvents(),
      config,
      pino({ level: 'silent' }),
    );
  });

  afterEach(() => metrics.onModuleDestroy());

  async function callIn(): Promise<InboundCall> {
    await router.onInbound({ id: 'caller-1', callerNumber: '+4930123456', dialplan: { exten: '4930555000' } } as unknown as AriChannel, [], new Date(), performance.now());
    return calls.all()[0];
  }

  /** The rep offered the call picks up; bridging starts and waits for the test. Returns the rep's leg and the bridging. */
  async function offeredRepAnswers(call: InboundCall): Promise<{ repLeg: string; done: Promise<void> }> {
    expect(call.phase).toBe('offering');
    const repLeg = call.offer?.channelId as string;
    const done = router.onRepAnswered({ id: repLeg } as AriChannel, call.callId);
    await new Promise((resolve) => setImmediate(resolve));
    expect(call.phase).toBe('connected');
    return { repLeg, done };
  }

  it('a caller gone before the bridge formed was not served: abandoned, no answer time, nothing written as answered', async () => {
    const call = await callIn();
    const { done } = await offeredRepAnswers(call);
    router.onChannelGone('caller-1', 16, 'Normal Clearing');
    bridging[0].resolve();
    await done;
    expect(written.ended).toEqual([{ outcome: 'abandoned', answeredAt: null }]);
    expect(written.answered).toEqual([]);
    expect(call.phase).toBe('ended');
    expect(stateOf('rep-1')).toBe('wrap-up');
    expect(stateOf('rep-2')).toBe('available');
  });

  it('a caller who leaves after the bridge formed had an answered call', async () => {
    const call = await callIn();
    const { done } = await offeredRepAnswers(call);
    bridging[0].resolve();
    await done;
    expect(stateOf('rep-1')).toBe('on-call');
    router.onChannelGone('caller-1', 16, 'Normal Clearing');
    expect(written.answered).toHaveLength(1);
    expect(written.ended).toEqual([{ outcome: 'answered', answeredAt: expect.any(Date) }]);
    expect(stateOf('rep-1')).toBe('wrap-up');
  });

  it('a rep who hangs up before the bridge formed: the caller stays and is offered to the next rep, who connects', async () => {
    const call = await callIn();
    expect(call.offer?.repId).toBe('rep-1');
    const first = await offeredRepAnswers(call);
    router.onChannelGone(first.repLeg, 16, 'Normal Clearing');
    // Asterisk refuses the bridge: the rep's leg is gone. The call has moved on, so nothing more happens.
    bridging[0].reject(new Error('Channel not found'));
    await first.done;
    expect(ari.hangup.mock.calls.map(([channelId]) => channelId)).not.toContain('caller-1');
    expect(written.offerFailed).toEqual([{ repId: 'rep-1', reason: 'rep-hung-up' }]);
    expect(written.ended).toEqual([]);
    expect(call.offer?.repId).toBe('rep-2');
    expect(stateOf('rep-1')).toBe('wrap-up');
    expect(stateOf('rep-2')).toBe('ringing');

    const second = await offeredRepAnswers(call);
    bridging[1].resolve();
    await second.done;
    expect(call).toMatchObject({ phase: 'connected', bridged: true, repId: 'rep-2' });
    expect(stateOf('rep-2')).toBe('on-call');
    router.onChannelGone('caller-1', 16, 'Normal Clearing');
    expect(written.ended).toEqual([{ outcome: 'answered', answeredAt: expect.any(Date) }]);
    expect(stateOf('rep-2')).toBe('wrap-up');
  });
});
