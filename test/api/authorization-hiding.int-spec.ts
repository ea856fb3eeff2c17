import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { ObjectStorage } from '../../src/storage/object-storage';
import { startTestApp, TestApp } from '../support/test-app';
import { AuthorizationWorld, Role } from './authorization.world';
import { pauseMaintenance, quietQueueEnv } from './quiet-maintenance';

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
    testApp = await startTestApp(quietQueueEnv('hiding'));
    await pauseMaintenance(testApp);
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
    // Rep states are written behind the request: let the queued ones land before comparing.
    await testApp.app.get(RepRosterService).flush();
    expect(await w.fingerprint()).toBe(before);
  });

  /**
   * Every operation with an id in its path, as every role the guard lets through: the id of a row
   * out of reach (team B's; for a rep also a teammate's) and a random UUID must get the same
   * status, body and headers once the id is masked, and change nothing. Rows refused by role (a
   * rep scoring, a trainer steering a recording) are here too: those stay 403, for both ids alike.
   * Not here: admin-only operations (the guard answers before any row is read) and
   * DELETE /supervision/sessions/{id} (sessions live in memory; another's and a missing one share
   * one branch and one message).
   */
  type PathKind = 'rep' | 'client' | 'deal' | 'task' | 'campaign' | 'call' | 'recording';
  interface PathProbe {
    op: string;
    kind: PathKind;
    roles: Role[];
    /** Roles refused whatever the row (403 for both ids); the others get 404. */
    refusedByRole?: Role[];
    method: 'get' | 'post' | 'patch';
    path: (id: string) => string;
    body?: object;
  }
  const ALL: Role[] = ['supervisor', 'trainer', 'rep'];
  const pathProbes: PathProbe[] = [
    { op: 'GET /reps/{id}', kind: 'rep', roles: ALL, method: 'get', path: (id) => `/reps/${id}` },
    { op: 'PATCH /reps/{id}', kind: 'rep', roles: ['supervisor'], method: 'patch', path: (id) => `/reps/${id}`, body: { dailyCallTarget: 9 } },
    { op: 'POST /reps/{id}/sip-credentials', kind: 'rep', roles: ['supervisor'], method: 'post', path: (id) => `/reps/${id}/sip-credentials` },
    { op: 'GET /reps/{id}/registration', kind: 'rep', roles: ALL, method: 'get', path: (id) => `/reps/${id}/registration` },
    { op: 'POST /reps/{id}/state', kind: 'rep', roles: ['supervisor'], method: 'post', path: (id) => `/reps/${id}/state`, body: { state: 'paused', reason: 'hiding' } },
    { op: 'GET /clients/{id}', kind: 'client', roles: ALL, method: 'get', path: (id) => `/clients/${id}` },
    { op: 'PATCH /clients/{id}', kind: 'client', roles: ['supervisor', 'rep'], method: 'patch', path: (id) => `/clients/${id}`, body: { temperature: 'hot' } },
    { op: 'GET /deals/{id}', kind: 'deal', roles: ALL, method: 'get', path: (id) => `/deals/${id}` },
    { op: 'PATCH /deals/{id}', kind: 'deal', roles: ['supervisor', 'rep'], method: 'patch', path: (id) => `/deals/${id}`, body: { stageKey: 'qualified' } },
    { op: 'PATCH /tasks/{id}', kind: 'task', roles: ['supervisor', 'rep'], method: 'patch', path: (id) => `/tasks/${id}`, body: { status: 'done' } },
    { op: 'GET /campaigns/{id}', kind: 'campaign', roles: ['supervisor'], method: 'get', path: (id) => `/campaigns/${id}` },
    { op: 'PATCH /campaigns/{id}', kind: 'campaign', roles: ['supervisor'], method: 'patch', path: (id) => `/campaigns/${id}`, body: { name: 'Hidden rename' } },
    { op: 'POST /campaigns/{id}/actions', kind: 'campaign', roles: ['supervisor'], method: 'post', path: (id) => `/campaigns/${id}/actions`, body: { action: 'start' } },
    { op: 'POST /campaigns/{id}/targets', kind: 'campaign', roles: ['supervisor'], method: 'post', path: (id) => `/campaigns/${id}/targets`, body: { csv: 'phone\n+4930555000111\n' } },
    { op: 'GET /campaigns/{id}/progress', kind: 'campaign', roles: ['supervisor'], method: 'get', path: (id) => `/campaigns/${id}/progress` },
    { op: 'POST /calls/{callId}/recording/pause', kind: 'call', roles: ALL, refusedByRole: ['trainer'], method: 'post', path: (id) => `/calls/${id}/recording/pause` },
    { op: 'POST /calls/{callId}/recording/resume', kind: 'call', roles: ALL, refusedByRole: ['trainer'], method: 'post', path: (id) => `/calls/${id}/recording/resume` },
    { op: 'GET /recordings/{id}', kind: 'recording', roles: ALL, method: 'get', path: (id) => `/recordings/${id}` },
    { op: 'GET /recordings/{id}/url', kind: 'recording', roles: ALL, method: 'get', path: (id) => `/recordings/${id}/url` },
    { op: 'GET /recordings/{id}/stream', kind: 'recording', roles: ALL, method: 'get', path: (id) => `/recordings/${id}/stream` },
    { op: 'GET /recordings/{id}/comments', kind: 'recording', roles: ALL, method: 'get', path: (id) => `/recordings/${id}/comments` },
    { op: 'POST /recordings/{id}/comments', kind: 'recording', roles: ALL, method: 'post', path: (id) => `/recordings/${id}/comments`, body: { offsetSeconds: 0.2, body: 'hidden' } },
    { op: 'GET /recordings/{id}/scores', kind: 'recording', roles: ALL, method: 'get', path: (id) => `/recordings/${id}/scores` },
    { op: 'POST /recordings/{id}/scores', kind: 'recording', roles: ALL, refusedByRole: ['rep'], method: 'post', path: (id) => `/recordings/${id}/scores`, body: { answers: { greeting: 3 } } },
    { op: 'GET /stats/deals/{id}/timeline', kind: 'deal', roles: ALL, method: 'get', path: (id) => `/stats/deals/${id}/timeline` },
  ];
  const pathCells = pathProbes.flatMap((probe) =>
    probe.roles.flatMap((role) => (role === 'rep' ? (['teammate', 'other'] as const) : (['other'] as const)).map((from) => ({ probe, role, from }))),
  );

  it.each(pathCells.map((cell) => [`${cell.probe.op} as ${cell.role}, ${cell.from}'s id vs a random UUID`, cell]))('%s', async (_name, { probe, role, from }) => {
    const rows = w.rows[from];
    const existing: Record<Exclude<PathKind, 'task'>, string> = { rep: rows.repId, client: rows.clientId, deal: rows.dealId, campaign: rows.campaignId, call: rows.callId, recording: rows.recordingId };
    const id = probe.kind === 'task' ? await w.task(rows) : existing[probe.kind];
    const missing = randomUUID();
    await testApp.app.get(RepRosterService).flush();
    const before = await w.fingerprint();
    const elsewhere = await sendRaw(role, probe.method, probe.path(id), probe.body);
    const nowhere = await sendRaw(role, probe.method, probe.path(missing), probe.body);
    expect(elsewhere.status).toBe(probe.refusedByRole?.includes(role) ? 403 : 404);
    expect(mask(elsewhere, { id })).toEqual(mask(nowhere, { id: missing }));
    await testApp.app.get(RepRosterService).flush();
    expect(await w.fingerprint()).toBe(before);
  });

  it('a refused recording is still audited as denied, though the answer says not found', async () => {
    const recordingId = w.rows.other.recordingId;
    await testApp.http.get(`/recordings/${recordingId}`).set(w.auth('supervisor')).expect(404);
    const denied = await db.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND outcome = 'denied' AND actor_role = 'supervisor'`, [recordingId]);
    expect(denied).toContainEqual({ action: 'recording.view' });
  });

  /** Status, body and headers; headers that differ per response anyway (date, a body digest) left out. */
  async function sendRaw(role: Role, method: 'get' | 'post' | 'patch', path: string, body?: object) {
    const call = testApp.http[method](path).set(w.auth(role));
    const response = await (body === undefined ? call : call.send(body));
    const headers = Object.fromEntries(Object.entries(response.headers as Record<string, string>).filter(([name]) => !['date', 'etag'].includes(name)));
    return { status: response.status, body: response.body as unknown, text: response.text, headers };
  }

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
