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
import { RosterRep } from '../../src/routing/roster.types';
import { RoutingMetrics } from '../../src/routing/routing-metrics';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { AriChannel } from '../../src/telephony/ari/ari-resources';

/**
 * The caller hangs up between their rep's answer and the bridge being formed. Against the real
 * Asterisk this is a window of a few milliseconds that no test can hit on demand, so the router
 * runs here against a stand-in ARI whose bridging waits until the test lets it finish. Everything
 * else (registry, dispatch, the call's life) is the router's own code.
 */
describe('inbound router: the caller leaves while the rep is being bridged', () => {
  const rep: RosterRep = { id: 'rep-1', teamId: 'team-1', tier: 'strong', sipEndpoint: 'rep-1', enabled: true, state: 'available', stateSince: new Date(0), pauseReason: null, reachable: true, lastCallEndedAt: null, lastOfferedAt: null, callsToday: 0, consecutiveNoAnswers: 0 };
  let bridgeDone: () => void;
  let router: InboundRouterService;
  let calls: CallRegistry;
  let metrics: RoutingMetrics;
  let written: { answered: string[]; ended: Array<{ outcome: string; answeredAt: Date | null }> };

  beforeEach(() => {
    const ari = {
      originate: jest.fn(async () => ({})),
      answer: jest.fn(async () => undefined),
      startMoh: jest.fn(async () => undefined),
      stopMoh: jest.fn(async () => undefined),
      hangup: jest.fn(async () => undefined),
      play: jest.fn(async () => ({})),
      destroyBridge: jest.fn(async () => undefined),
      createBridge: jest.fn(async () => ({})),
      addToBridge: jest.fn(() => new Promise<void>((resolve) => (bridgeDone = resolve))),
    };
    const roster = { get: () => rep, list: () => [rep], apply: () => rep, onRoutable: () => () => undefined };
    written = { answered: [], ended: [] };
    const records = {
      started: () => undefined,
      offered: () => undefined,
      offerFailed: () => undefined,
      answered: (call: InboundCall) => void written.answered.push(call.callId),
      ended: (call: InboundCall, outcome: string) => void written.ended.push({ outcome, answeredAt: call.answeredAt }),
    };
    const config = loadConfig({ ...process.env, RULE_WORKING_HOURS_DAYS: '[0,1,2,3,4,5,6]', RULE_WORKING_HOURS_OPEN: '00:00', RULE_WORKING_HOURS_CLOSE: '24:00' });
    calls = new CallRegistry();
    metrics = new RoutingMetrics();
    router = new InboundRouterService(
      ari as unknown as AriClient,
      calls,
      roster as unknown as RepRosterService,
      {} as CallerLookup,
      { lookup: () => null } as unknown as CallerDirectory,
      records as unknown as InboundCallRecords,
      { publish: () => undefined } as unknown as LivePublisher,
      metrics,
      new DomainEvents(),
      config,
      pino({ level: 'silent' }),
    );
  });

  afterEach(() => metrics.onModuleDestroy());

  /** A caller in, the rep's phone rung and answered; bridging has started and waits for the test. */
  async function repAnswersAndBridgingStarts(): Promise<{ call: InboundCall; bridging: Promise<void> }> {
    await router.onInbound({ id: 'caller-1', callerNumber: '+4930123456', dialplan: { exten: '4930555000' } } as unknown as AriChannel, [], new Date(), performance.now());
    const call = calls.all()[0];
    expect(call.phase).toBe('offering');
    const bridging = router.onRepAnswered({ id: call.offer?.channelId } as AriChannel, call.callId);
    await new Promise((resolve) => setImmediate(resolve));
    expect(call.phase).toBe('connected');
    return { call, bridging };
  }

  it('a caller gone before the bridge formed was not served: abandoned, no answer time, nothing written as answered', async () => {
    const { call, bridging } = await repAnswersAndBridgingStarts();
    router.onChannelGone('caller-1', 16, 'Normal Clearing');
    bridgeDone();
    await bridging;
    expect(written.ended).toEqual([{ outcome: 'abandoned', answeredAt: null }]);
    expect(written.answered).toEqual([]);
    expect(call.phase).toBe('ended');
  });

  it('a caller who leaves after the bridge formed had an answered call', async () => {
    const { bridging } = await repAnswersAndBridgingStarts();
    bridgeDone();
    await bridging;
    router.onChannelGone('caller-1', 16, 'Normal Clearing');
    expect(written.answered).toHaveLength(1);
    expect(written.ended).toEqual([{ outcome: 'answered', answeredAt: expect.any(Date) }]);
  });
});
