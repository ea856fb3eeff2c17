import { defaultSettings } from '../../src/dialer/campaign-settings.policy';
import { DialerCallsService } from '../../src/dialer/dialer-calls.service';
import { DialerSession } from '../../src/dialer/ivr.executor';
import { AriEventBus } from '../../src/telephony/ari/ari-event-bus';
import { expectEventually } from '../support/eventually';
import { captureLogs } from '../support/log-capture';

/**
 * The dialer while the database refuses writes. The refusal has to come at one exact
 * statement (an attempt's end, or its first insert), which the shared PostgreSQL cannot be made to do on demand, so
 * the data source here is a stand-in that rejects; the service, its event handling and its
 * logging are the real ones.
 */
describe('dialer: ending an attempt while the database refuses', () => {
  it('does not leave a rejected promise behind; the failure is logged with the call', async () => {
    const { logger, lines: logged } = captureLogs();
    const bus = new AriEventBus(logger);
    const ari = { events: bus, health: () => ({ state: 'disconnected' }), subscribe: async () => undefined };
    const refusing = { query: async () => Promise.reject(new Error('the database system is shutting down')) };
    const service = new DialerCallsService(
      ari as never,
      { enqueue: async () => undefined } as never,
      {} as never,
      { release: async () => undefined } as never,
      { schedule: async () => undefined } as never,
      {} as never,
      { publishSoon: () => undefined } as never,
      refusing as never,
      {} as never,
      logger,
    );
    service.onApplicationBootstrap();
    const session = {
      channelId: 'leg-1', callId: 'call-1', member: 'target-1:1', log: logger.child({ callId: 'call-1' }),
      target: { id: 'target-1', clientId: 'client-1', dealId: null, phone: '+4930123456', ownerRepId: null },
      campaign: { id: 'campaign-1', name: 'NPS', teamId: null, trigger: 'list', settings: defaultSettings('+4930000000') },
      attemptNo: 1, startedAt: new Date(), answeredAt: null, amdStatus: null, outcome: null, handedOver: false, finished: false, lastDtmf: null,
      executor: { feed: () => undefined, dispose: () => undefined, outcome: () => 'answered' },
    } as unknown as DialerSession;
    (service as unknown as { sessions: Map<string, DialerSession> }).sessions.set('leg-1', session);

    bus.emit('ChannelDestroyed', { type: 'ChannelDestroyed', channel: { id: 'leg-1' }, cause: 17, cause_txt: 'User busy' } as never);

    const line = await expectEventually(() => logged.find((entry) => entry.level >= 50) ?? false);
    expect(line).toMatchObject({ callId: 'call-1', outcome: 'busy', err: { message: 'the database system is shutting down' } });
    // Not reported as an ARI handler failure: the dialer owns the promise it started.
    expect(logged.filter((entry) => entry.msg === 'ARI event handler rejected')).toEqual([]);
    expect(service.activeCalls()).toBe(0);
  });

  it('a claim whose first insert fails leaves no live session and no held slot behind, so the dialing sweep can recover it', async () => {
    const { logger } = captureLogs();
    const released: string[] = [];
    const settings = { ...defaultSettings('+4930000000'), window: { from: '00:00', to: '23:59' } };
    const target = { campaign_id: 'campaign-1', campaign_name: 'NPS', team_id: null, campaign_status: 'running', trigger: 'list', settings, status: 'queued', attempts: 0, client_id: 'client-1', deal_id: null, phone: '+4930123456', do_not_call: false, time_zone: 'UTC', owner_rep_id: null };
    // The target row, then the claim (UPDATE ... RETURNING: rows and count).
    const answers: unknown[] = [[target], [[{ id: 'target-1' }], 1]];
    const db = { query: async () => answers.shift() };
    const refusingJournal = { insertStart: async () => Promise.reject(new Error('the database system is shutting down')) };
    const service = new DialerCallsService(
      { events: new AriEventBus(logger), health: () => ({ state: 'disconnected' }) } as never,
      refusingJournal as never,
      {} as never,
      { acquire: async () => ({ granted: true }), release: async (_campaign: string, member: string) => void released.push(member) } as never,
      {} as never,
      {} as never,
      { publishSoon: () => undefined } as never,
      db as never,
      { rules: { outbound: { trunkEndpoint: 'trunk' } } } as never,
      logger,
    );
    await expect(service.runDialJob({ campaignId: 'campaign-1', targetId: 'target-1', attemptNo: 1 }, new Date('2026-12-01T12:00:00Z'))).rejects.toThrow('shutting down');
    expect(service.activeCalls()).toBe(0);
    expect(service.isDialing('target-1')).toBe(false);
    expect(released).toEqual(['target-1:1']);
  });
});
