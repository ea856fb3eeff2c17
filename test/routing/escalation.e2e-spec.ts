import { DataSource } from 'typeorm';
import { CallRegistry } from '../../src/routing/call-registry';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { expectEventually } from '../support/eventually';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { callIn, callsFrom, freshCaller, SalesFloor, timeline } from '../support/sales-floor';
import { ensureAsterisk } from '../support/telephony';
import { loginAs, startTestApp, TestApp } from '../support/test-app';

/**
 * Escalation end to end: real Asterisk, SIPp as the trunk caller and as the reps' softphones. The
 * mid rep owns the client, so the call reaches them first; they escalate over REST.
 */
describe('escalation from a mid rep to a strong seller on the real Asterisk', () => {
  let testApp: TestApp;
  let db: DataSource;
  let floor: SalesFloor;

  beforeAll(async () => {
    await ensureAsterisk();
    testApp = await startTestApp(FAST_ROUTING_ENV);
    db = testApp.app.get(DataSource);
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.ari.status).toBe('up'), 15_000);
  }, 60_000);

  beforeEach(async () => {
    floor = new SalesFloor(testApp);
    await floor.setUp();
  });

  afterEach(() => floor.tearDown(), 30_000);
  afterAll(() => testApp?.close(), 30_000);

  /** A client owned by a new mid rep calls in and the mid rep answers; returns the live call's id and the mid rep's token. */
  async function midRepOnACall(caller: string, talkMs: number) {
    const mid = await floor.addRep('mid', 'answer');
    const strong = await floor.addRep('strong', 'answer', { ringMs: 500 });
    const clientId = await floor.client('Escalated client', caller, mid.id);
    const [deal] = await db.query(`SELECT id, owner_rep_id FROM deals WHERE client_id = $1 AND status = 'open'`, [clientId]).then(async (rows) => (rows.length ? rows : [(await testApp.http.post('/deals').set(floor.auth()).send({ clientId }).expect(201)).body]));
    const run = await callIn(caller, { talkMs });
    const registry = testApp.app.get(CallRegistry);
    const call = await expectEventually(async () => {
      const live = registry.all().find((candidate) => candidate.callerE164 === caller);
      expect(live).toMatchObject({ phase: 'connected', bridged: true, repId: mid.id });
      return live!;
    }, 15_000);
    const token = await loginAs(testApp, mid.login, 'rep-password-123');
    return { mid, strong, call, token, run, dealId: deal.id as string };
  }

  it('warm: the mid rep talks to the strong seller while the client hears music, then the client is bridged to the strong seller and the mid rep leaves', async () => {
    const caller = freshCaller();
    const { mid, strong, call, token, run, dealId } = await midRepOnACall(caller, 14_000);
    const ari = testApp.app.get(AriClient);

    const started = await testApp.http.post(`/calls/${call.callId}/escalations`).set({ Authorization: `Bearer ${token}` }).send({ mode: 'warm', toRepId: strong.id }).expect(200);
    expect(started.body).toMatchObject({ callId: call.callId, mode: 'warm', phase: 'ringing', fromRepId: mid.id, toRepId: strong.id });
    // Consulting: the bridge holds the mid rep and the strong seller; the client is outside it, on music.
    await expectEventually(async () => {
      const bridge = await ari.getBridge(call.callId);
      expect(bridge.channelIds).toHaveLength(2);
      expect(bridge.channelIds).toContain(call.repChannelId);
      expect(bridge.channelIds).not.toContain(call.channelId);
    }, 10_000);
    const midLeg = call.repChannelId as string;
    await floor.waitForState(strong.id, 'on-call');

    await testApp.http.post(`/calls/${call.callId}/escalations/complete`).set({ Authorization: `Bearer ${token}` }).expect(200);
    await expectEventually(async () => {
      const bridge = await ari.getBridge(call.callId);
      expect(bridge.channelIds.sort()).toEqual([call.channelId, call.repChannelId].sort());
      expect(call.repId).toBe(strong.id);
      expect(bridge.channelIds).not.toContain(midLeg);
    }, 10_000);
    // The mid rep is free again (wrap-up is 0 s here); the strong seller is on the call.
    await floor.waitForState(mid.id, 'available');
    expect((await floor.floor()).find((entry) => entry.repId === strong.id)?.state).toBe('on-call');

    expect((await run.done).successful).toBe(1);
    const row = await expectEventually(async () => {
      const [ended] = await callsFrom(db, caller);
      expect(ended?.ended_at).toBeTruthy();
      return ended;
    }, 20_000);
    expect(row).toMatchObject({ outcome: 'answered', rep_id: strong.id });
    const events = await timeline(db, row.id);
    const escalation = events.filter((event) => event.type.startsWith('escalation.'));
    expect(escalation.map((event) => event.type)).toEqual(['escalation.requested', 'escalation.answered', 'escalation.completed']);
    expect(escalation[2].data).toMatchObject({ mode: 'warm', fromRepId: mid.id, toRepId: strong.id });
    expect(events.find((event) => event.type === 'call.answered')?.data).toMatchObject({ repId: mid.id });
    // Ownership rule: the deal goes to the strong seller who took it; the client stays the mid rep's.
    await expectEventually(async () => {
      const [deal] = await db.query(`SELECT d.owner_rep_id, c.owner_rep_id AS client_owner FROM deals d JOIN clients c ON c.id = d.client_id WHERE d.id = $1`, [dealId]);
      expect(deal).toEqual({ owner_rep_id: strong.id, client_owner: mid.id });
    });
  }, 60_000);

  it('ladder: the mid rep is released and the existing dispatch offers the client to the strong tier', async () => {
    const caller = freshCaller();
    const { mid, strong, call, token, run } = await midRepOnACall(caller, 9000);

    const started = await testApp.http.post(`/calls/${call.callId}/escalations`).set({ Authorization: `Bearer ${token}` }).send({ mode: 'ladder' }).expect(200);
    expect(started.body).toMatchObject({ mode: 'ladder', phase: 'laddered', fromRepId: mid.id });
    // The mid rep no longer has the call; a second request from them finds no call of theirs.
    await testApp.http.post(`/calls/${call.callId}/escalations`).set({ Authorization: `Bearer ${token}` }).send({ mode: 'ladder' }).expect(404);
    await expectEventually(async () => expect(call).toMatchObject({ phase: 'connected', bridged: true, repId: strong.id }), 15_000);

    expect((await run.done).successful).toBe(1);
    const row = await expectEventually(async () => {
      const [ended] = await callsFrom(db, caller);
      expect(ended?.ended_at).toBeTruthy();
      return ended;
    }, 20_000);
    expect(row).toMatchObject({ outcome: 'answered', rep_id: strong.id });
    const types = (await timeline(db, row.id)).map((event) => `${event.type}${event.type === 'offer' ? `:${String(event.data.rung)}` : ''}`);
    expect(types).toEqual(expect.arrayContaining(['offer:owner', 'escalation.requested', 'escalation.laddered', 'offer:strong']));
    expect(types.indexOf('escalation.laddered')).toBeLessThan(types.lastIndexOf('offer:strong'));
  }, 60_000);

  it('refuses what is not the rep\'s own live call, and a warm escalation to a rep who is not a strong seller', async () => {
    const caller = freshCaller();
    const { call, token, mid } = await midRepOnACall(caller, 5000);
    const other = await floor.addRep('mid', 'answer');
    await testApp.http.post(`/calls/${call.callId}/escalations`).set({ Authorization: `Bearer ${token}` }).send({ mode: 'warm', toRepId: other.id }).expect(400);
    await testApp.http.post(`/calls/${call.callId}/escalations`).set({ Authorization: `Bearer ${token}` }).send({ mode: 'sideways' }).expect(400);
    await testApp.http.post(`/calls/${call.callId}/escalations/complete`).set({ Authorization: `Bearer ${token}` }).expect(409);
    const otherToken = await loginAs(testApp, other.login, 'rep-password-123');
    await testApp.http.post(`/calls/${call.callId}/escalations`).set({ Authorization: `Bearer ${otherToken}` }).send({ mode: 'ladder' }).expect(404);
    expect(call.repId).toBe(mid.id);
  }, 60_000);
});
