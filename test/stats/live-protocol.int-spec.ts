import { randomUUID } from 'node:crypto';
import { DomainEvents } from '../../src/common/events/domain-events';
import { LivePublisher } from '../../src/live/live-publisher';
import { StatsEvent } from '../../src/stats/live-stats.types';
import { StatsBus } from '../../src/stats/stats-bus';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';
import { DashboardClient } from './stats-dashboard-client';

/**
 * The live statistics protocol between two service instances sharing Redis: facts enter on
 * instance 1 (as routing and the journal emit them), dashboards sit on instance 2.
 */
describe('live statistics: snapshot + delta protocol across two instances', () => {
  let one: TestApp;
  let two: TestApp;
  let url: string;
  let teamA: string;
  let teamB: string;
  let tokens: { admin: string; supA: string; supB: string };
  const clients: DashboardClient[] = [];

  const dashboard = (token: string, options?: { reconnection?: boolean }): DashboardClient => {
    const client = new DashboardClient(url, token, options);
    clients.push(client);
    return client;
  };
  const events = (): DomainEvents => one.app.get(DomainEvents);
  const answeredCall = (teamId: string, repId = randomUUID()): { callId: string; repId: string } => {
    const callId = randomUUID();
    const at = new Date();
    events().emit('call.started', { callId, direction: 'inbound', teamId: null, repId: null, clientId: null, dealId: null, at });
    events().emit('call.answered', { callId, teamId, repId, clientId: null, dealId: null, at: new Date(at.getTime() + 3000) });
    return { callId, repId };
  };

  beforeAll(async () => {
    one = await startTestApp();
    two = await startTestApp();
    url = `http://127.0.0.1:${(two.app.getHttpServer().address() as { port: number }).port}`;
    const adminToken = await loginAs(one, ADMIN.login, ADMIN.password);
    const admin = { Authorization: `Bearer ${adminToken}` };
    teamA = (await one.http.post('/teams').set(admin).send({ name: unique('Stats A ') }).expect(201)).body.id;
    teamB = (await one.http.post('/teams').set(admin).send({ name: unique('Stats B ') }).expect(201)).body.id;
    const supervisor = async (teamId: string): Promise<string> => {
      const login = unique('statsup');
      await one.http.post('/users').set(admin).send({ login, displayName: 'Sup', password: 'supervisor-pass-1', role: 'supervisor', teamId }).expect(201);
      return loginAs(one, login, 'supervisor-pass-1');
    };
    tokens = { admin: adminToken, supA: await supervisor(teamA), supB: await supervisor(teamB) };
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await two?.close();
    await one?.close();
  });

  it("publishes a call's client and deal details once, and again only when the answer brings other ones", async () => {
    const published: StatsEvent[] = [];
    const spy = jest.spyOn(one.app.get(StatsBus), 'publish').mockImplementation((event) => void published.push(event));
    try {
      const callId = randomUUID();
      const clientId = randomUUID();
      const at = new Date();
      events().emit('call.started', { callId, direction: 'inbound', teamId: teamA, repId: null, clientId, dealId: null, at });
      events().emit('call.answered', { callId, teamId: teamA, repId: randomUUID(), clientId, dealId: null, at });
      const details = (): StatsEvent[] => published.filter((event) => event.type === 'call.details' && event.callId === callId);
      await expectEventually(() => expect(details()).toHaveLength(1));
      const dealId = randomUUID();
      events().emit('call.answered', { callId, teamId: teamA, repId: randomUUID(), clientId, dealId, at });
      await expectEventually(() => expect(details()).toEqual([expect.objectContaining({ dealId: null }), expect.objectContaining({ clientId, dealId })]));
      events().emit('call.ended', { callId, teamId: teamA, repId: null, clientId, dealId, outcome: 'answered', at });
    } finally {
      spy.mockRestore();
    }
  });

  it('a snapshot on connect, then numbered deltas from the other instance; another team gets nothing', async () => {
    const a = dashboard(tokens.supA);
    const b = dashboard(tokens.supB);
    await expectEventually(() => {
      expect(a.snapshots).toHaveLength(1);
      expect(b.snapshots).toHaveLength(1);
    });
    expect(a.snapshots[0]).toMatchObject({ scope: `team:${teamA}`, calls: [], numbers: { today: { offered: 0 } } });
    const startSeq = a.seq;

    const { callId } = answeredCall(teamA);
    await expectEventually(() => expect(a.calls.get(callId)).toMatchObject({ phase: 'talking' }));
    expect(a.numbers).toMatchObject({ inProgress: 1, today: { offered: 1, answered: 1 } });
    events().emit('call.ended', { callId, teamId: teamA, repId: null, clientId: null, dealId: null, outcome: 'answered', at: new Date() });
    await expectEventually(() => expect(a.calls.has(callId)).toBe(false));
    expect(a.deltas.map((delta) => delta.seq)).toEqual(a.deltas.map((_, index) => startSeq + index + 1));
    expect(a.gaps).toEqual([]);
    expect(b.deltas).toEqual([]);
    expect(b.snapshots[0].calls).toEqual([]);
  });

  it('a lost delta is detected by its seq and the client re-syncs to a snapshot with every change', async () => {
    const a = dashboard(tokens.supA);
    await expectEventually(() => expect(a.snapshots).toHaveLength(1));
    a.drop = 1;
    const first = answeredCall(teamA);
    await expectEventually(() => expect(a.drop).toBe(0)); // that batch was lost on the wire
    const second = answeredCall(teamA);
    await expectEventually(() => {
      expect(a.gaps.length).toBeGreaterThan(0);
      expect(a.snapshots).toHaveLength(2);
    });
    await expectEventually(() => expect([...a.calls.keys()]).toEqual(expect.arrayContaining([first.callId, second.callId])));
    for (const { callId } of [first, second]) events().emit('call.ended', { callId, teamId: teamA, repId: null, clientId: null, dealId: null, outcome: 'answered', at: new Date() });
    await expectEventually(() => expect(a.calls.size).toBe(0));
  });

  it('after a reconnect the client gets a fresh snapshot holding what happened while it was away', async () => {
    const a = dashboard(tokens.supA);
    await expectEventually(() => expect(a.snapshots).toHaveLength(1));
    a.socket.io.engine.close();
    await expectEventually(() => expect(a.socket.connected).toBe(false));
    const { callId } = answeredCall(teamA);
    await expectEventually(() => expect(a.snapshots).toHaveLength(2), 10_000);
    expect(a.snapshots[1].calls.map((call) => call.callId)).toContain(callId);
    events().emit('call.ended', { callId, teamId: teamA, repId: null, clientId: null, dealId: null, outcome: 'answered', at: new Date() });
    await expectEventually(() => expect(a.calls.has(callId)).toBe(false));
  });

  it('scopes: an admin picks any team or all; a supervisor cannot ask for another team', async () => {
    const admin = dashboard(tokens.admin);
    await expectEventually(() => expect(admin.snapshots).toHaveLength(1));
    expect(admin.snapshots[0].scope).toBe('all');
    expect(await admin.request('stats.subscribe', { teamId: teamB })).toEqual({ ok: true });
    await expectEventually(() => expect(admin.snapshots.at(-1)?.scope).toBe(`team:${teamB}`));
    const a = dashboard(tokens.supA);
    await expectEventually(() => expect(a.snapshots).toHaveLength(1));
    expect(await a.request('stats.subscribe', { teamId: teamB })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('rep states reach the rep board with their team only', async () => {
    const a = dashboard(tokens.supA);
    const b = dashboard(tokens.supB);
    await expectEventually(() => {
      expect(a.snapshots).toHaveLength(1);
      expect(b.snapshots).toHaveLength(1);
    });
    const repId = randomUUID();
    one.app.get(LivePublisher).publish('rep.state', { teamId: teamA, repId }, { repId, teamId: teamA, tier: 'mid', state: 'paused', since: new Date(), pauseReason: 'lunch', reachable: true, callsToday: 0 });
    await expectEventually(() => expect(a.deltas.find((delta) => delta.changes.some((change) => change.kind === 'rep'))).toBeTruthy());
    a.socket.emit('stats.resync');
    await expectEventually(() => expect(a.snapshots.at(-1)?.reps).toEqual(expect.arrayContaining([expect.objectContaining({ repId, state: 'paused' })])));
    expect(b.deltas).toEqual([]);
  });
});
