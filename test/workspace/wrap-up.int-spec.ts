import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { signWebhook } from '../../src/webhooks/webhook-signature';
import { CrmFixtures } from '../crm/crm-fixtures';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp } from '../support/test-app';

const SECRET = 'wrap-up-suite-webhook-secret';

/**
 * Wrap-up, my work and the CRM's proposal.opened on the real app and database. The calls here are
 * rows as the router writes them for an ended call (the SIPp + Chromium path is in
 * workspace-wrap-up.e2e-spec.ts); the rep's state is driven through the roster as routing does.
 */
describe('workspace: wrap-up, my work, proposal.opened (real app)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let fx: CrmFixtures;
  let url: string;
  let teamId: string;
  let rep: { id: string; token: string };
  let otherRep: { id: string; token: string };
  let supervisor: string;
  const sockets: Socket[] = [];

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    // Deliveries go to a closed port: stored, then retried; what matters here is that they are stored.
    testApp = await startTestApp({ WEBHOOK_URL: 'http://127.0.0.1:9/crm-hook', WEBHOOK_SECRET: SECRET });
    db = testApp.app.get(DataSource);
    url = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as { port: number }).port}`;
    fx = new CrmFixtures(testApp, await loginAs(testApp, ADMIN.login, ADMIN.password));
    teamId = await fx.team('Wrap-up');
    rep = await fx.rep(teamId, 'mid');
    otherRep = await fx.rep(teamId, 'mid');
    supervisor = await fx.supervisor(teamId);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await testApp?.close();
  });

  /** A client owned by the rep with its open deal, and an ended inbound call the rep took. */
  async function endedCall(repId = rep.id, options: { ended?: boolean } = {}): Promise<{ callId: string; clientId: string; dealId: string }> {
    const client = await fx.client({ ownerRepId: repId });
    const deal = await testApp.http.post('/deals').set(fx.auth()).send({ clientId: client.id, amount: 0 }).expect(201);
    const callId = randomUUID();
    await db.query(
      `INSERT INTO calls (id, direction, asterisk_channel_id, client_id, deal_id, rep_id, team_id, answered_at, ended_at, talk_seconds, outcome)
       VALUES ($1, 'inbound', $2, $3, $4, $5, $6, now() - interval '2 minutes', $7, 120, $8)`,
      [callId, `wrapup-${callId}`, client.id, deal.body.id, repId, teamId, options.ended === false ? null : new Date(), options.ended === false ? null : 'answered'],
    );
    return { callId, clientId: client.id, dealId: deal.body.id };
  }

  /** The rep is in wrap-up after a call, as routing leaves them. */
  function intoWrapUp(repId: string): void {
    const roster = testApp.app.get(RepRosterService);
    roster.apply(repId, { type: 'reachability', reachable: true });
    roster.apply(repId, { type: 'offered' });
    roster.apply(repId, { type: 'answered' });
    roster.apply(repId, { type: 'call-ended' });
    expect(roster.get(repId)?.state).toBe('wrap-up');
  }

  const tasksOfCall = (callId: string) => db.query(`SELECT type, due_at, reason, assignee_rep_id FROM tasks WHERE source_call_id = $1 AND status = 'open' ORDER BY type`, [callId]);

  it('saves a callback wrap-up to the call, the deal and the task list, ends the wrap-up early, and a second submit changes nothing', async () => {
    const { callId, dealId, clientId } = await endedCall();
    // The "next contact" reminder routing leaves after an answered call: the rep's plan replaces it.
    await db.query(`INSERT INTO tasks (type, client_id, assignee_rep_id, due_at, reason, source_call_id, dedupe_key) VALUES ('reminder', $1, $2, now() + interval '1 day', 'next contact after an answered call', $3, $4)`, [clientId, rep.id, callId, `reminder:${callId}`]);
    intoWrapUp(rep.id);
    const callbackAt = new Date(Date.now() + 3 * 3600_000).toISOString();
    const nextDue = new Date(Date.now() + 24 * 3600_000).toISOString();
    const form = { outcome: 'callback', callbackAt, note: 'Wants the CFO on the line', stageKey: 'meeting', nextTask: { reason: 'Send the agenda', dueAt: nextDue } };
    const first = await testApp.http.post(`/workspace/calls/${callId}/wrap-up`).set(auth(rep.token)).send(form).expect(200);
    expect(first.body).toMatchObject({ callId, outcome: 'callback', note: 'Wants the CFO on the line', callbackAt, dealId, dealStatus: 'open', stageKey: 'meeting', replayed: false, repState: 'available' });
    expect(first.body.taskIds).toHaveLength(2);

    const [deal] = await db.query(`SELECT s.key FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.id = $1`, [dealId]);
    expect(deal.key).toBe('meeting');
    const tasks = await tasksOfCall(callId);
    expect(tasks.map((t: { type: string; due_at: Date; assignee_rep_id: string }) => [t.type, new Date(t.due_at).toISOString(), t.assignee_rep_id])).toEqual([
      ['callback', callbackAt, rep.id],
      ['follow-up', nextDue, rep.id],
    ]);
    expect((await db.query(`SELECT status FROM tasks WHERE dedupe_key = $1`, [`reminder:${callId}`]))[0].status).toBe('cancelled');
    const timeline = await db.query(`SELECT data FROM call_events WHERE call_id = $1 AND type = 'wrap-up'`, [callId]);
    expect(timeline).toHaveLength(1);
    expect(timeline[0].data).toMatchObject({ outcome: 'callback', note: 'Wants the CFO on the line', dealId });

    const second = await testApp.http.post(`/workspace/calls/${callId}/wrap-up`).set(auth(rep.token)).send(form).expect(200);
    expect(second.body).toMatchObject({ callId, replayed: true, taskIds: first.body.taskIds });
    expect(await tasksOfCall(callId)).toHaveLength(2);
    expect(await db.query(`SELECT 1 FROM call_events WHERE call_id = $1 AND type = 'wrap-up'`, [callId])).toHaveLength(1);
  });

  it('won closes the deal through the deal rules (stage history written); lost needs a reason', async () => {
    const won = await endedCall();
    const saved = await testApp.http.post(`/workspace/calls/${won.callId}/wrap-up`).set(auth(rep.token)).send({ outcome: 'won', amount: 4800 }).expect(200);
    expect(saved.body).toMatchObject({ dealStatus: 'won', taskIds: [] });
    const [deal] = await db.query(`SELECT status, amount, closed_at FROM deals WHERE id = $1`, [won.dealId]);
    expect(deal).toMatchObject({ status: 'won', amount: '4800.00' });
    expect(await db.query(`SELECT 1 FROM deal_stage_changes WHERE deal_id = $1 AND to_status = 'won'`, [won.dealId])).toHaveLength(1);

    const lost = await endedCall();
    const refused = await testApp.http.post(`/workspace/calls/${lost.callId}/wrap-up`).set(auth(rep.token)).send({ outcome: 'lost' }).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(await db.query(`SELECT 1 FROM call_wrap_ups WHERE call_id = $1`, [lost.callId])).toHaveLength(0);
    const ok = await testApp.http.post(`/workspace/calls/${lost.callId}/wrap-up`).set(auth(rep.token)).send({ outcome: 'lost', lostReason: 'Too expensive' }).expect(200);
    expect(ok.body.dealStatus).toBe('lost');
    expect((await db.query(`SELECT lost_reason FROM deals WHERE id = $1`, [lost.dealId]))[0].lost_reason).toBe('Too expensive');
  });

  it('refuses bad input, other reps, other roles and calls in progress, storing nothing', async () => {
    const { callId } = await endedCall();
    const cases: Array<[string, string, unknown, number, string]> = [
      ['unknown outcome', rep.token, { outcome: 'maybe' }, 400, 'VALIDATION_FAILED'],
      ['callback in the past', rep.token, { outcome: 'callback', callbackAt: '2020-01-01T00:00:00Z' }, 400, 'VALIDATION_FAILED'],
      ['not a date', rep.token, { outcome: 'callback', callbackAt: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
      ['unknown stage (the deal rules refuse it)', rep.token, { outcome: 'interested', stageKey: 'nowhere' }, 400, 'VALIDATION_FAILED'],
      ['another rep’s call', otherRep.token, { outcome: 'interested' }, 404, 'NOT_FOUND'],
      ['a supervisor', supervisor, { outcome: 'interested' }, 403, 'FORBIDDEN'],
    ];
    for (const [name, token, body, status, code] of cases) {
      const response = await testApp.http.post(`/workspace/calls/${callId}/wrap-up`).set(auth(token)).send(body as object);
      expect([name, response.status, response.body.code]).toEqual([name, status, code]);
    }
    const missing = await testApp.http.post(`/workspace/calls/${randomUUID()}/wrap-up`).set(auth(rep.token)).send({ outcome: 'interested' });
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    const running = await endedCall(rep.id, { ended: false });
    const busy = await testApp.http.post(`/workspace/calls/${running.callId}/wrap-up`).set(auth(rep.token)).send({ outcome: 'interested' });
    expect([busy.status, busy.body.code]).toEqual([409, 'INVALID_STATE']);
    expect(await db.query(`SELECT 1 FROM call_wrap_ups WHERE call_id = ANY($1)`, [[callId, running.callId]])).toHaveLength(0);
    expect(await tasksOfCall(callId)).toHaveLength(0);
  });

  describe('proposal.opened from the CRM', () => {
    const post = (body: unknown, options: { secret?: string; timestamp?: number; signature?: string } = {}) => {
      const raw = JSON.stringify(body);
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      return testApp.http
        .post('/integrations/crm/events')
        .set('Content-Type', 'application/json')
        .set('X-Salescall-Timestamp', String(timestamp))
        .set('X-Salescall-Signature', options.signature ?? signWebhook(options.secret ?? SECRET, timestamp, raw))
        .send(raw);
    };
    const event = (dealId: string, id = `evt-${randomUUID()}`) => ({ id, type: 'proposal.opened', occurredAt: new Date().toISOString(), data: { dealId } });
    const callNowTasks = (dealId: string) => db.query(`SELECT id, assignee_rep_id FROM tasks WHERE deal_id = $1 AND type = 'call-now'`, [dealId]);

    it('refuses a wrong secret, a stale timestamp, a missing signature and an unknown deal, storing nothing', async () => {
      const { dealId } = await endedCall(otherRep.id);
      const body = event(dealId);
      const refusals = [
        ['wrong secret', await post(body, { secret: 'not-the-shared-secret' }), 401],
        ['ten minutes old', await post(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }), 401],
        ['no signature', await post(body, { signature: '' }), 401],
        ['body changed after signing', await testApp.http.post('/integrations/crm/events').set('Content-Type', 'application/json').set('X-Salescall-Timestamp', String(Math.floor(Date.now() / 1000))).set('X-Salescall-Signature', signWebhook(SECRET, Math.floor(Date.now() / 1000), JSON.stringify(event(randomUUID())))).send(JSON.stringify(body)), 401],
        ['unknown deal', await post(event(randomUUID())), 404],
        ['bad body, signed', await post({ id: 'x', type: 'proposal.closed', data: {} }), 400],
      ] as const;
      expect(refusals.map(([name, response]) => [name, response.status])).toEqual(refusals.map(([name, , status]) => [name, status]));
      expect(await callNowTasks(dealId)).toHaveLength(0);
      expect(await db.query(`SELECT 1 FROM proposal_events WHERE deal_id = $1`, [dealId])).toHaveLength(0);
    });

    it('makes a call-now task that leads next call, toasts the owner, asks for an SMS, once per event id', async () => {
      const { dealId, clientId } = await endedCall(otherRep.id);
      // A due callback that would otherwise come first.
      const older = await fx.client({ ownerRepId: otherRep.id });
      await db.query(`INSERT INTO tasks (type, client_id, assignee_rep_id, due_at, reason, dedupe_key) VALUES ('callback', $1, $2, now() - interval '2 days', 'old callback', $3)`, [older.id, otherRep.id, `test:${randomUUID()}`]);
      const toast = new Promise<Record<string, unknown>>((resolve) => {
        const socket = io(`${url}/live`, { auth: { token: otherRep.token }, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        socket.on('call-now', resolve);
      });
      // The team's dashboards hear it too (the supervisor's socket joins the team room).
      const liveEvent = new Promise<Record<string, unknown>>((resolve) => {
        const socket = io(`${url}/live`, { auth: { token: supervisor }, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        socket.on('proposal.opened', resolve);
      });
      for (const socket of sockets.slice(-2)) await new Promise<void>((resolve) => (socket.connected ? resolve() : socket.once('connect', () => resolve())));

      const body = event(dealId);
      const first = await post(body).expect(200);
      expect(first.body).toMatchObject({ eventId: body.id, dealId, assigneeRepId: otherRep.id, duplicate: false });
      expect(await toast).toMatchObject({ dealId, clientId, taskId: first.body.taskId });
      expect(await liveEvent).toMatchObject({ dealId, clientId, ownerRepId: otherRep.id, taskId: first.body.taskId });

      const next = await testApp.http.get('/reps/me/next-call').set(auth(otherRep.token)).expect(200);
      expect([next.body.bucket, next.body.taskId, next.body.client.id]).toEqual(['call-now', first.body.taskId, clientId]);
      const work = await testApp.http.get('/workspace/me/work').set(auth(otherRep.token)).expect(200);
      expect(work.body.nextCall).toMatchObject({ bucket: 'call-now', clientId });
      expect(work.body.callbacks.map((t: { type: string; overdue: boolean }) => [t.type, t.overdue])).toEqual([['callback', true], ['call-now', true]]);

      const sms = await expectEventually(async () => {
        const rows = await db.query(`SELECT payload FROM webhook_deliveries WHERE event_type = 'sms.requested' AND payload->'data'->>'dealId' = $1`, [dealId]);
        return rows.length === 1 && rows[0].payload;
      });
      expect(sms.data).toMatchObject({ sourceEventId: body.id, reason: 'proposal.opened', clientId, dealId });
      expect(sms.data.phone).toMatch(/^\+49151/);

      const again = await post(body).expect(200);
      expect(again.body).toMatchObject({ eventId: body.id, taskId: first.body.taskId, duplicate: true });
      expect(await callNowTasks(dealId)).toHaveLength(1);
      expect(await db.query(`SELECT 1 FROM webhook_deliveries WHERE event_type = 'sms.requested' AND payload->'data'->>'dealId' = $1`, [dealId])).toHaveLength(1);
    });
  });

  it('my work: presence with the wrap-up time and pause reasons, today against the plan', async () => {
    await testApp.http.patch(`/reps/${rep.id}`).set(fx.auth()).send({ dailyCallTarget: 40 }).expect(200);
    const work = await testApp.http.get('/workspace/me/work').set(auth(rep.token)).expect(200);
    // No phone is registered in this suite, so the roster has the rep offline again by now.
    expect(work.body.presence).toMatchObject({ state: expect.any(String), wrapUpSeconds: expect.any(Number), pauseReasons: expect.arrayContaining(['lunch']) });
    // The calls of the tests above, all answered today by this rep (one still running counts too).
    expect(work.body.today).toMatchObject({ callTarget: 40, dealsWon: 1 });
    expect(work.body.today.calls).toBeGreaterThanOrEqual(5);
    const endOfDay = new Date(new Date().setUTCHours(24, 0, 0, 0));
    for (const task of work.body.callbacks) expect(new Date(task.dueAt).getTime()).toBeLessThan(endOfDay.getTime());
    const forbidden = await testApp.http.get('/workspace/me/work').set(auth(supervisor));
    expect(forbidden.status).toBe(403);
  });
});
