import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { ObjectStorage } from '../../src/storage/object-storage';
import { startTestApp, TestApp } from '../support/test-app';
import { AuthorizationWorld, Role } from './authorization.world';

/**
 * Rows named inside bodies, filters and uploaded files: another team's row must get exactly the
 * answer of a row that does not exist (status, code, message with the id masked), and nothing is
 * stored. The matrix checks the statuses; this checks that the two answers cannot be told apart.
 */
describe('authorization: a row out of reach reads like a row that does not exist (integration)', () => {
  let testApp: TestApp;
  let w: AuthorizationWorld;
  let db: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = testApp.app.get(DataSource);
    w = new AuthorizationWorld(testApp, db, testApp.app.get(ObjectStorage));
    await w.build();
    // Click-to-call checks the softphone before the client. No SIP phone registers in this tier,
    // so the roster is told the acting rep's endpoint is online, as Asterisk's contact event would;
    // every probe below is refused before anything is dialed.
    testApp.app.get(RepRosterService).setReachable(w.rows.own.sipEndpoint, true);
    await testApp.app.get(RepRosterService).flush();
  }, 120_000);
  afterAll(() => testApp?.close(), 30_000);

  /** Rows of the caller's own, made before the database fingerprint is taken. */
  interface Prepared {
    clientId: string;
    campaignId: string;
  }

  interface Probe {
    name: string;
    role: Role;
    /** Whose existing rows stand for "out of reach": team B's (default) or a teammate's. */
    from?: 'teammate' | 'other';
    /** The refusal both get: 404 unless said (a CSV's row errors are a 400). */
    status?: number;
    send: (id: { client: string; rep: string; phone: string; deal: string }, own: Prepared) => Promise<{ status: number; body: unknown }>;
  }

  const send = async (role: Role, method: 'post' | 'get' | 'patch', path: string, body?: object, query?: Record<string, string>) => {
    const response = await testApp.http[method](path).set(w.auth(role)).query(query ?? {}).send(body);
    return { status: response.status, body: response.body as unknown };
  };

  const probes: Probe[] = [
    { name: 'POST /deals clientId', role: 'supervisor', send: (id) => send('supervisor', 'post', '/deals', { clientId: id.client }) },
    { name: 'POST /deals clientId (rep)', role: 'rep', send: (id) => send('rep', 'post', '/deals', { clientId: id.client }) },
    { name: 'POST /deals ownerRepId', role: 'supervisor', send: (id, own) => send('supervisor', 'post', '/deals', { clientId: own.clientId, ownerRepId: id.rep }) },
    { name: 'POST /clients ownerRepId', role: 'supervisor', send: (id) => send('supervisor', 'post', '/clients', { name: 'Hidden', phones: [w.phone()], ownerRepId: id.rep }) },
    { name: 'PATCH /clients/:id ownerRepId', role: 'supervisor', send: (id) => send('supervisor', 'patch', `/clients/${w.rows.own.clientId}`, { ownerRepId: id.rep }) },
    { name: 'POST /calls/click-to-call clientId (a teammate\'s client)', role: 'rep', from: 'teammate', send: (id) => send('rep', 'post', '/calls/click-to-call', { clientId: id.client }) },
    { name: 'POST /deals clientId (rep, a teammate\'s client)', role: 'rep', from: 'teammate', send: (id) => send('rep', 'post', '/deals', { clientId: id.client }) },
    { name: 'GET /tasks assignee (rep, a teammate)', role: 'rep', from: 'teammate', send: (id) => send('rep', 'get', '/tasks', undefined, { assignee: id.rep }) },
    { name: 'POST /calls/click-to-call clientId', role: 'rep', send: (id) => send('rep', 'post', '/calls/click-to-call', { clientId: id.client }) },
    { name: 'GET /tasks assignee', role: 'trainer', send: (id) => send('trainer', 'get', '/tasks', undefined, { assignee: id.rep }) },
    { name: 'GET /stats/plan repId', role: 'supervisor', send: (id) => send('supervisor', 'get', '/stats/plan', undefined, { repId: id.rep }) },
    {
      name: 'POST /campaigns/:id/targets phone, client_id, deal_id',
      role: 'supervisor',
      status: 400,
      send: (id, own) => send('supervisor', 'post', `/campaigns/${own.campaignId}/targets`, { csv: `phone,client_id,deal_id\n${id.phone},${id.client},${id.deal}\n` }),
    },
  ];

  it.each(probes.map((probe) => [probe.name, probe]))('%s', async (_name, probe) => {
    const other = w.rows[probe.from ?? 'other'];
    const existing = { client: other.clientId, rep: other.repId, phone: other.phone, deal: other.dealId };
    const missing = { client: randomUUID(), rep: randomUUID(), phone: w.phone(), deal: randomUUID() };
    const own: Prepared = { clientId: (await w.client(w.rows.own)).id, campaignId: await w.campaign(w.rows.own) };
    const before = await w.fingerprint();
    const elsewhere = await probe.send(existing, own);
    const nowhere = await probe.send(missing, own);
    expect(elsewhere.status).toBe(probe.status ?? 404);
    expect(mask(elsewhere, existing)).toEqual(mask(nowhere, missing));
    expect(await w.fingerprint()).toBe(before);
  });

  it('a supervisor cannot queue another team\'s client in their campaign, however it is named', async () => {
    const campaignId = await w.campaign(w.rows.own);
    const other = w.rows.other;
    for (const csv of [`phone\n${other.phone}\n`, `phone,client_id\n${other.phone},${other.clientId}\n`, `phone,client_id,deal_id\n${other.phone},${other.clientId},${other.dealId}\n`]) {
      const response = await testApp.http.post(`/campaigns/${campaignId}/targets`).set(w.auth('supervisor')).send({ csv });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await db.query(`SELECT id FROM campaign_targets WHERE campaign_id = $1`, [campaignId])).toEqual([]);
  });
});

/** The answer with the probed ids replaced by placeholders, so only its shape and words compare. */
function mask(answer: { status: number; body: unknown }, ids: Record<string, string>): unknown {
  let text = JSON.stringify(answer);
  for (const [name, id] of Object.entries(ids)) text = text.split(id).join(`<${name}>`);
  return JSON.parse(text);
}
