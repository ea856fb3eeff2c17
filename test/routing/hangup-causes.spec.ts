import pino from 'pino';
import { DomainEvents } from '../../src/common/events/domain-events';
import { loadConfig } from '../../src/config/app-config';
import { CallRegistry } from '../../src/routing/call-registry';
import { newInboundCall } from '../../src/routing/inbound-call';
import { HANGUP_CAUSES_LIMIT, InboundRouterService } from '../../src/routing/inbound-router.service';
import { RosterRep } from '../../src/routing/roster.types';
import { RoutingMetrics } from '../../src/routing/routing-metrics';
import { AriEventBus } from '../../src/telephony/ari/ari-event-bus';
import { AriChannel } from '../../src/telephony/ari/ari-resources';

/**
 * Hang-up causes are kept from ChannelHangupRequest until the channel's last event. A rep leg that
 * rings and is never answered never enters Stasis, so it sends no StasisEnd. The events are fed
 * through the real ARI event bus from a stand-in ARI (the exact ordering is what is under test).
 */
describe('inbound router: hang-up causes of legs that never enter Stasis', () => {
  const config = loadConfig({ ...process.env, RULE_WORKING_HOURS_DAYS: '[0,1,2,3,4,5,6]', RULE_WORKING_HOURS_OPEN: '00:00', RULE_WORKING_HOURS_CLOSE: '24:00' });
  const rep: RosterRep = { id: 'rep-1', teamId: 'team-1', tier: 'strong', sipEndpoint: 'rep-1', enabled: true, state: 'available', stateSince: new Date(0), pauseReason: null, reachable: true, lastCallEndedAt: null, lastOfferedAt: null, callsToday: 0, consecutiveNoAnswers: 0 };
  let bus: AriEventBus;
  let router: InboundRouterService;
  let calls: CallRegistry;
  let metrics: RoutingMetrics;

  beforeEach(() => {
    bus = new AriEventBus(pino({ level: 'silent' }));
    const ari = { events: bus, originate: async () => ({}), answer: async () => undefined, startMoh: async () => undefined, stopMoh: async () => undefined, hangup: async () => undefined, play: async () => ({}), destroyBridge: async () => undefined };
    const reps = [{ ...rep }];
    const roster = { get: () => reps[0], list: () => reps, apply: () => reps[0], onRoutable: () => () => undefined };
    const records = { started: () => undefined, offered: () => undefined, offerFailed: () => undefined, answered: () => undefined, ended: () => undefined };
    calls = new CallRegistry();
    metrics = new RoutingMetrics();
    router = new InboundRouterService(ari as never, calls, roster as never, {} as never, { lookup: () => null } as never, records as never, { publish: () => undefined, publishToRep: () => undefined } as never, metrics, new DomainEvents(), config, pino({ level: 'silent' }));
    router.onApplicationBootstrap();
  });

  afterEach(() => metrics.onModuleDestroy());

  const pending = (): number => (router as unknown as { hangupCauses: Map<string, number> }).hangupCauses.size;

  it('a rep leg that rang, was refused and was destroyed leaves no cause behind', async () => {
    await router.onInbound({ id: 'caller-1', callerNumber: '+4930123456', dialplan: { exten: '4930555000' } } as unknown as AriChannel, [], new Date(), performance.now());
    const repLeg = calls.all()[0].offer?.channelId as string;
    bus.emit('ChannelHangupRequest', { type: 'ChannelHangupRequest', channel: { id: repLeg }, cause: 21 } as never);
    expect(pending()).toBe(1);
    bus.emit('ChannelDestroyed', { type: 'ChannelDestroyed', channel: { id: repLeg }, cause: 21, causeText: 'Call Rejected' } as never);
    expect(pending()).toBe(0);
  });

  it('stays bounded when the last event of the legs it heard about never arrives (a websocket gap)', () => {
    const legs = HANGUP_CAUSES_LIMIT + 50;
    for (let i = 0; i < legs; i += 1) {
      const channelId = `caller-${i}`;
      calls.add(newInboundCall({ callId: `call-${i}`, channelId, callerE164: null, dialed: '', startedAt: new Date(), receivedHr: 0, log: pino({ level: 'silent' }) }), 'client', channelId);
      bus.emit('ChannelHangupRequest', { type: 'ChannelHangupRequest', channel: { id: channelId }, cause: 16 } as never);
    }
    expect(pending()).toBe(HANGUP_CAUSES_LIMIT);
  });
});
