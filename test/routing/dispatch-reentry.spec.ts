import pino from 'pino';
import { DomainEvents } from '../../src/common/events/domain-events';
import { loadConfig } from '../../src/config/app-config';
import { LivePublisher } from '../../src/live/live-publisher';
import { CallRegistry } from '../../src/routing/call-registry';
import { CallerDirectory } from '../../src/routing/caller-directory.service';
import { CallerLookup } from '../../src/routing/caller-lookup';
import { InboundCallRecords } from '../../src/routing/inbound-call-records';
import { InboundRouterService } from '../../src/routing/inbound-router.service';
import { RepEvent, repTransition } from '../../src/routing/rep-state.policy';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { RosterRep } from '../../src/routing/roster.types';
import { RoutingMetrics } from '../../src/routing/routing-metrics';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { AriChannel } from '../../src/telephony/ari/ari-resources';

/**
 * One dispatch pass ends a call that waited too long; ending it runs dispatch again from inside
 * the first pass. Reaching that moment needs a caller past the maximum wait while reps free up in
 * the same instant, which no end-to-end run can place on demand, so ARI is a stand-in here (it
 * records originates); the router, registry, dispatch and rep transitions are the real ones.
 */
describe('inbound router: a dispatch pass that ends an expired call', () => {
  const config = loadConfig({ ...process.env, RULE_WORKING_HOURS_DAYS: '[0,1,2,3,4,5,6]', RULE_WORKING_HOURS_OPEN: '00:00', RULE_WORKING_HOURS_CLOSE: '24:00' });
  const rules = config.rules.routing;
  let reps: RosterRep[];
  let originated: Array<{ repEndpoint: string; callId: string }>;
  let router: InboundRouterService;
  let calls: CallRegistry;
  let metrics: RoutingMetrics;

  const repNamed = (id: string, idleSince: number): RosterRep => ({ id, teamId: 'team-1', tier: 'strong', sipEndpoint: id, enabled: true, state: 'paused', stateSince: new Date(idleSince), pauseReason: 'break', reachable: true, lastCallEndedAt: null, lastOfferedAt: null, callsToday: 0, consecutiveNoAnswers: 0 });

  beforeEach(() => {
    reps = [repNamed('rep-1', 0), repNamed('rep-2', 1000)];
    originated = [];
    const ari = {
      originate: jest.fn(async (request: { endpoint: string; appArgs: string[] }) => void originated.push({ repEndpoint: request.endpoint.replace('PJSIP/', ''), callId: request.appArgs[1] })),
      answer: jest.fn(async () => undefined),
      startMoh: jest.fn(async () => undefined),
      stopMoh: jest.fn(async () => undefined),
      hangup: jest.fn(async () => undefined),
      play: jest.fn(async () => ({})),
      destroyBridge: jest.fn(async () => undefined),
    };
    // The roster's state changes are the real transitions, so a rep offered a call is no longer free.
    const roster = {
      get: (id: string) => reps.find((rep) => rep.id === id),
      list: () => reps,
      apply: (id: string, event: RepEvent, now = new Date()) => {
        const index = reps.findIndex((rep) => rep.id === id);
        if (index < 0) return undefined;
        reps[index] = repTransition(reps[index], event, rules, now).rep;
        return reps[index];
      },
      onRoutable: () => () => undefined,
    };
    const records = { started: () => undefined, offered: () => undefined, offerFailed: () => undefined, answered: () => undefined, ended: () => undefined };
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

  async function callerArrives(channelId: string, at: Date): Promise<void> {
    await router.onInbound({ id: channelId, callerNumber: `+49301234${channelId.length}${channelId.at(-1)}`, dialplan: { exten: '4930555000' } } as unknown as AriChannel, [], at, performance.now());
  }

  it('offers each rep one call and each caller one rep', async () => {
    const now = new Date();
    // Nobody is free while three callers arrive; the first has waited the maximum by now.
    await callerArrives('caller-expired', new Date(now.getTime() - rules.maxQueueWaitSeconds * 1000 - 1000));
    await callerArrives('caller-b', new Date(now.getTime() - 20_000));
    await callerArrives('caller-c', new Date(now.getTime() - 10_000));
    expect(originated).toEqual([]);

    // Both reps come back from their break at the same moment.
    for (const rep of reps) Object.assign(rep, { state: 'available', pauseReason: null });
    router.runDispatch(now);

    const offeredReps = originated.map((offer) => offer.repEndpoint).sort();
    const offeredCalls = originated.map((offer) => offer.callId).sort();
    expect(offeredReps).toEqual(['rep-1', 'rep-2']);
    expect(new Set(offeredCalls).size).toBe(2);
    const waitingCalls = calls.all().map((call) => call.callId).sort();
    expect(offeredCalls).toEqual(waitingCalls);
    for (const call of calls.all()) expect(call.phase).toBe('offering');
  });
});
