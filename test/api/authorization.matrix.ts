import { randomUUID } from 'node:crypto';
import { AuthorizationWorld, Role, Rows, Scope } from './authorization.world';

/**
 * The authorization matrix as data: every operation of the OpenAPI document, as every role of
 * team A, against rows of their own, of a teammate and of team B → the status it must answer.
 * authorization.int-spec.ts walks it (and fails when the document has an operation this table
 * lacks). Conventions:
 * - 403: the role may not call the operation at all, whatever row it names (the guard, or a rule
 *   by role checked before the row is read), or names a team other than its own in a filter (any
 *   such id is refused alike, existing or not).
 * - 404: a row the caller may not see, named in the path, a body, a query or an uploaded file,
 *   gets the very answer of one that does not exist, so no request can probe other teams
 *   (authorization-hiding.int-spec.ts compares the two answers byte for byte).
 * - Any 2xx body given to a non-admin may not hold an id of team B's rows (nor, for a rep, of a
 *   teammate's); any refused write leaves the database as it was.
 */

export interface MatrixRequest {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** A status for every scope, or per scope. */
export type Expected = number | Partial<Record<Scope, number>>;

export interface MatrixRow {
  /** As in the OpenAPI document: `METHOD /path/{param}`. */
  op: string;
  /** What this row varies when an operation has several (a body reference, a filter). */
  variant?: string;
  scopes: Scope[];
  expect: Record<Role, Expected>;
  request: (w: AuthorizationWorld, rows: Rows, role: Role) => MatrixRequest | Promise<MatrixRequest>;
  /** Observes state outside PostgreSQL that a refused write must leave alone. */
  probe?: (w: AuthorizationWorld, rows: Rows) => Promise<unknown>;
}

const ROW_SCOPES: Scope[] = ['own', 'teammate', 'other'];
const TEAM_SCOPES: Scope[] = ['own', 'other'];
const NONE: Scope[] = ['none'];

const every = (status: number): Record<Role, Expected> => ({ admin: status, supervisor: status, trainer: status, rep: status });
/** Allowed roles get `ok`, the rest 403. */
const only = (roles: Role[], ok: Expected): Record<Role, Expected> => ({
  admin: roles.includes('admin') ? ok : 403,
  supervisor: roles.includes('supervisor') ? ok : 403,
  trainer: roles.includes('trainer') ? ok : 403,
  rep: roles.includes('rep') ? ok : 403,
});
/** own / teammate / other. */
const s = (own: number, teammate: number, other: number): Partial<Record<Scope, number>> => ({ own, teammate, other });
/** own team / other team. */
const t = (own: number, other: number): Partial<Record<Scope, number>> => ({ own, other });

/** Who sees a rep's row: admins all, supervisors and trainers their team, reps themselves. */
const seeRow = (ok: number, hidden = 404): Record<Role, Expected> => ({ admin: ok, supervisor: s(ok, ok, hidden), trainer: s(ok, ok, hidden), rep: s(ok, hidden, hidden) });
/** Who changes a rep's row: as seeRow, minus trainers. */
const changeRow = (ok: number, hidden = 404): Record<Role, Expected> => ({ admin: ok, supervisor: s(ok, ok, hidden), trainer: 403, rep: s(ok, hidden, hidden) });

const supervisionBody = (rows: Rows) => ({ callId: randomUUID(), mode: 'listen', endpoint: rows.sipEndpoint });

export const AUTHORIZATION_MATRIX: MatrixRow[] = [
  // auth, health
  { op: 'POST /auth/login', scopes: NONE, expect: every(200), request: (w, _r, role) => ({ method: 'post', path: '/auth/login', body: { login: w.actors[role].login, password: w.actors[role].password } }) },
  { op: 'GET /auth/me', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/auth/me' }) },
  { op: 'GET /health', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/health' }) },

  // org
  { op: 'POST /teams', scopes: NONE, expect: only(['admin'], 201), request: (w) => ({ method: 'post', path: '/teams', body: { name: w.unique('Matrix team ') } }) },
  { op: 'GET /teams', scopes: NONE, expect: only(['admin', 'supervisor', 'trainer'], 200), request: () => ({ method: 'get', path: '/teams' }) },
  {
    op: 'POST /users', variant: 'teamId in body', scopes: TEAM_SCOPES, expect: only(['admin'], 201),
    request: (w, rows) => ({ method: 'post', path: '/users', body: { login: w.unique('matrixuser'), displayName: 'Matrix user', password: 'matrix-password-1', role: 'trainer', teamId: rows.teamId } }),
  },
  {
    // active: true on an active account changes nothing (no token revocation mid-walk).
    op: 'PATCH /users/{id}', scopes: ROW_SCOPES, expect: only(['admin'], 200),
    request: (_w, rows) => ({ method: 'patch', path: `/users/${rows.userId}`, body: { active: true } }),
  },
  {
    op: 'POST /reps', variant: 'teamId in body', scopes: TEAM_SCOPES, expect: { admin: 201, supervisor: t(201, 403), trainer: 403, rep: 403 },
    request: (w, rows) => ({ method: 'post', path: '/reps', body: { login: w.unique('matrixrep'), displayName: 'Matrix rep', password: 'matrix-password-1', teamId: rows.teamId, tier: 'junior' } }),
  },
  { op: 'GET /reps', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/reps' }) },
  {
    op: 'GET /reps', variant: 'teamId filter', scopes: TEAM_SCOPES, expect: { admin: 200, supervisor: t(200, 403), trainer: t(200, 403), rep: 200 },
    request: (_w, rows) => ({ method: 'get', path: '/reps', query: { teamId: rows.teamId } }),
  },
  { op: 'GET /reps/{id}', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/reps/${rows.repId}` }) },
  {
    op: 'PATCH /reps/{id}', scopes: ROW_SCOPES, expect: { admin: 200, supervisor: s(200, 200, 404), trainer: 403, rep: 403 },
    request: (_w, rows) => ({ method: 'patch', path: `/reps/${rows.repId}`, body: { dailyCallTarget: 7 } }),
  },
  {
    op: 'POST /reps/{id}/sip-credentials', scopes: ROW_SCOPES, expect: { admin: 201, supervisor: s(201, 201, 404), trainer: 403, rep: 403 },
    request: (_w, rows) => ({ method: 'post', path: `/reps/${rows.repId}/sip-credentials` }),
  },
  { op: 'GET /reps/{id}/registration', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/reps/${rows.repId}/registration` }) },

  // crm
  { op: 'GET /pipeline-stages', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/pipeline-stages' }) },
  {
    op: 'POST /clients', variant: 'ownerRepId in body', scopes: ROW_SCOPES, expect: { admin: 201, supervisor: s(201, 201, 404), trainer: 403, rep: 403 },
    request: (w, rows) => ({ method: 'post', path: '/clients', body: { name: w.unique('Matrix client '), phones: [w.phone()], ownerRepId: rows.repId } }),
  },
  { op: 'GET /clients', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/clients', query: { limit: '200' } }) },
  {
    op: 'GET /clients', variant: 'phone filter', scopes: ROW_SCOPES, expect: every(200),
    request: (_w, rows) => ({ method: 'get', path: '/clients', query: { phone: rows.phone } }),
  },
  { op: 'GET /clients/{id}', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/clients/${rows.clientId}` }) },
  { op: 'PATCH /clients/{id}', scopes: ROW_SCOPES, expect: changeRow(200), request: (_w, rows) => ({ method: 'patch', path: `/clients/${rows.clientId}`, body: { temperature: 'warm' } }) },
  {
    op: 'PATCH /clients/{id}', variant: 'ownerRepId in body', scopes: ROW_SCOPES, expect: { admin: 200, supervisor: s(200, 200, 404), trainer: 403, rep: 403 },
    request: async (w, rows) => ({ method: 'patch', path: `/clients/${(await w.client(w.rows.own)).id}`, body: { ownerRepId: rows.repId } }),
  },
  { op: 'GET /deals', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/deals', query: { limit: '200' } }) },
  {
    op: 'GET /deals', variant: 'clientId filter', scopes: ROW_SCOPES, expect: every(200),
    request: (_w, rows) => ({ method: 'get', path: '/deals', query: { clientId: rows.clientId } }),
  },
  {
    op: 'POST /deals', variant: 'clientId in body', scopes: ROW_SCOPES, expect: changeRow(201),
    request: async (w, rows) => ({ method: 'post', path: '/deals', body: { clientId: (await w.client(rows)).id } }),
  },
  {
    op: 'POST /deals', variant: 'ownerRepId in body', scopes: ROW_SCOPES, expect: { admin: 201, supervisor: s(201, 201, 404), trainer: 403, rep: s(201, 403, 403) },
    request: async (w, rows) => ({ method: 'post', path: '/deals', body: { clientId: (await w.client(w.rows.own, true)).id, ownerRepId: rows.repId } }),
  },
  { op: 'GET /deals/{id}', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/deals/${rows.dealId}` }) },
  {
    op: 'PATCH /deals/{id}', scopes: ROW_SCOPES, expect: changeRow(200),
    request: async (w, rows) => ({ method: 'patch', path: `/deals/${await w.deal(rows, (await w.client(rows)).id)}`, body: { stageKey: 'qualified' } }),
  },
  { op: 'GET /tasks', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/tasks', query: { limit: '500' } }) },
  {
    op: 'GET /tasks', variant: 'assignee filter', scopes: ROW_SCOPES, expect: { admin: 200, supervisor: s(200, 200, 404), trainer: s(200, 200, 404), rep: s(200, 404, 404) },
    request: (_w, rows) => ({ method: 'get', path: '/tasks', query: { assignee: rows.repId } }),
  },
  {
    op: 'PATCH /tasks/{id}', scopes: ROW_SCOPES, expect: changeRow(200),
    request: async (w, rows) => ({ method: 'patch', path: `/tasks/${await w.task(rows)}`, body: { status: 'done' } }),
  },
  { op: 'GET /reps/me/next-call', scopes: NONE, expect: only(['rep'], 200), request: () => ({ method: 'get', path: '/reps/me/next-call' }) },

  // workspace
  { op: 'GET /workspace/me/work', scopes: NONE, expect: only(['rep'], 200), request: () => ({ method: 'get', path: '/workspace/me/work' }) },
  {
    // Only the rep who took the call wraps it up: other roles are refused by role, other reps' calls are hidden.
    op: 'POST /workspace/calls/{callId}/wrap-up', scopes: ROW_SCOPES, expect: { admin: 403, supervisor: 403, trainer: 403, rep: s(200, 404, 404) },
    request: (_w, rows) => ({ method: 'post', path: `/workspace/calls/${rows.callId}/wrap-up`, body: { outcome: 'interested', note: 'matrix' } }),
  },
  // The signature is the credential: a bearer token of any role does not stand in for it.
  { op: 'POST /integrations/crm/events', scopes: NONE, expect: every(401), request: () => ({ method: 'post', path: '/integrations/crm/events', body: { id: 'matrix-evt', type: 'proposal.opened', occurredAt: new Date().toISOString(), data: { dealId: randomUUID() } } }) },

  // routing
  { op: 'POST /reps/me/pause', scopes: NONE, expect: only(['rep'], 200), request: () => ({ method: 'post', path: '/reps/me/pause', body: { reason: 'break' } }) },
  { op: 'POST /reps/me/resume', scopes: NONE, expect: only(['rep'], 200), request: () => ({ method: 'post', path: '/reps/me/resume' }) },
  {
    op: 'POST /reps/{id}/state', scopes: ROW_SCOPES, expect: { admin: 200, supervisor: s(200, 200, 404), trainer: 403, rep: 403 },
    request: (_w, rows) => ({ method: 'post', path: `/reps/${rows.repId}/state`, body: { state: 'paused', reason: 'matrix' } }),
    probe: async (w, rows) => {
      const floor = await w.testApp.http.get('/routing/floor').set(w.auth('admin'));
      return (floor.body as Array<{ id?: string; repId?: string; state: string }>).find((rep) => (rep.id ?? rep.repId) === rows.repId)?.state;
    },
  },
  { op: 'GET /routing/floor', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/routing/floor' }) },
  { op: 'GET /routing/queue', scopes: NONE, expect: only(['admin', 'supervisor'], 200), request: () => ({ method: 'get', path: '/routing/queue' }) },
  { op: 'GET /routing/metrics', scopes: NONE, expect: only(['admin'], 200), request: () => ({ method: 'get', path: '/routing/metrics' }) },
  { op: 'POST /routing/metrics/reset', scopes: NONE, expect: only(['admin'], 204), request: () => ({ method: 'post', path: '/routing/metrics/reset' }) },

  // dialer
  {
    op: 'POST /campaigns', variant: 'teamId in body', scopes: TEAM_SCOPES, expect: { admin: 201, supervisor: t(201, 403), trainer: 403, rep: 403 },
    request: (w, rows) => ({ method: 'post', path: '/campaigns', body: { name: w.unique('Matrix campaign '), trigger: 'list', teamId: rows.teamId } }),
  },
  {
    op: 'POST /campaigns', variant: 'teamId of no team', scopes: NONE, expect: only(['admin'], 404),
    request: (w) => ({ method: 'post', path: '/campaigns', body: { name: w.unique('Matrix campaign '), trigger: 'list', teamId: randomUUID() } }),
  },
  { op: 'GET /campaigns', scopes: NONE, expect: only(['admin', 'supervisor'], 200), request: () => ({ method: 'get', path: '/campaigns' }) },
  { op: 'GET /campaigns/{id}', scopes: TEAM_SCOPES, expect: { admin: 200, supervisor: t(200, 404), trainer: 403, rep: 403 }, request: (_w, rows) => ({ method: 'get', path: `/campaigns/${rows.campaignId}` }) },
  {
    op: 'PATCH /campaigns/{id}', scopes: TEAM_SCOPES, expect: { admin: 200, supervisor: t(200, 404), trainer: 403, rep: 403 },
    request: (w, rows) => ({ method: 'patch', path: `/campaigns/${rows.campaignId}`, body: { name: w.unique('Renamed ') } }),
  },
  {
    op: 'POST /campaigns/{id}/actions', scopes: TEAM_SCOPES, expect: { admin: 200, supervisor: t(200, 404), trainer: 403, rep: 403 },
    request: async (w, rows) => ({ method: 'post', path: `/campaigns/${await w.campaign(rows)}/actions`, body: { action: 'stop' } }),
  },
  {
    op: 'POST /campaigns/{id}/targets', variant: 'campaign in path, own client in the CSV', scopes: TEAM_SCOPES, expect: { admin: 201, supervisor: t(201, 404), trainer: 403, rep: 403 },
    request: async (w, rows) => {
      const client = await w.client(rows);
      return { method: 'post', path: `/campaigns/${await w.campaign(rows)}/targets`, body: { csv: `phone,client_id\n${client.phone},${client.id}\n` } };
    },
  },
  {
    op: 'POST /campaigns/{id}/targets', variant: 'own campaign, CSV naming the scope\'s client and deal', scopes: ROW_SCOPES,
    expect: { admin: s(201, 201, 400), supervisor: s(201, 201, 400), trainer: 403, rep: 403 },
    request: async (w, rows) => ({ method: 'post', path: `/campaigns/${await w.campaign(w.rows.own)}/targets`, body: { csv: `phone,client_id,deal_id\n${rows.phone},${rows.clientId},${rows.dealId}\n` } }),
  },
  { op: 'GET /campaigns/{id}/progress', scopes: TEAM_SCOPES, expect: { admin: 200, supervisor: t(200, 404), trainer: 403, rep: 403 }, request: (_w, rows) => ({ method: 'get', path: `/campaigns/${rows.campaignId}/progress` }) },
  {
    op: 'GET /reports/nps', scopes: NONE, expect: only(['admin', 'supervisor'], 200), request: () => ({ method: 'get', path: '/reports/nps', query: { groupBy: 'team' } }),
  },
  {
    op: 'GET /reports/nps.csv', scopes: NONE, expect: only(['admin', 'supervisor'], 200), request: () => ({ method: 'get', path: '/reports/nps.csv', query: { groupBy: 'rep' } }),
  },

  // outbound: a rep's softphone is never registered here, so an allowed rep meets REP_NOT_AVAILABLE (409)
  {
    op: 'POST /calls/click-to-call', variant: 'clientId in body', scopes: ROW_SCOPES, expect: only(['rep'], 409),
    request: (_w, rows) => ({ method: 'post', path: '/calls/click-to-call', body: { clientId: rows.clientId } }),
  },

  // webhooks
  { op: 'GET /webhooks/deliveries', scopes: NONE, expect: only(['admin'], 200), request: () => ({ method: 'get', path: '/webhooks/deliveries' }) },
  // No WEBHOOK_URL in tests: an admin gets past authorization and meets INVALID_STATE (409).
  { op: 'POST /webhooks/deliveries/{id}/retry', scopes: NONE, expect: only(['admin'], 409), request: () => ({ method: 'post', path: `/webhooks/deliveries/${randomUUID()}/retry` }) },

  // recordings: nothing is being recorded, so whoever may steer a recording meets INVALID_STATE (409)
  // workspace
  { op: 'POST /workspace/softphone/session', scopes: NONE, expect: only(['rep'], 200), request: () => ({ method: 'post', path: '/workspace/softphone/session' }) },
  { op: 'GET /workspace/calls/{callId}/pop', scopes: ROW_SCOPES, expect: seeRow(200, 404), request: (_w, rows) => ({ method: 'get', path: `/workspace/calls/${rows.callId}/pop` }) },
  { op: 'POST /calls/{callId}/recording/pause', scopes: ROW_SCOPES, expect: { ...changeRow(409), trainer: 403 }, request: (_w, rows) => ({ method: 'post', path: `/calls/${rows.callId}/recording/pause` }) },
  { op: 'POST /calls/{callId}/recording/resume', scopes: ROW_SCOPES, expect: { ...changeRow(409), trainer: 403 }, request: (_w, rows) => ({ method: 'post', path: `/calls/${rows.callId}/recording/resume` }) },
  { op: 'GET /recordings', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/recordings' }) },
  {
    op: 'GET /recordings', variant: 'teamId filter', scopes: TEAM_SCOPES, expect: { admin: 200, supervisor: t(200, 403), trainer: t(200, 403), rep: t(200, 403) },
    request: (_w, rows) => ({ method: 'get', path: '/recordings', query: { teamId: rows.teamId } }),
  },
  {
    op: 'GET /recordings/stats/trends', variant: 'teamId filter', scopes: TEAM_SCOPES, expect: { admin: 200, supervisor: t(200, 403), trainer: t(200, 403), rep: 403 },
    request: (_w, rows) => ({ method: 'get', path: '/recordings/stats/trends', query: { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString(), teamId: rows.teamId } }),
  },
  { op: 'GET /scorecard-templates', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/scorecard-templates' }) },
  {
    op: 'PUT /scorecard-templates', scopes: NONE, expect: only(['admin'], 200),
    request: () => ({ method: 'put', path: '/scorecard-templates', body: { key: 'matrix', name: 'Matrix', criteria: [{ key: 'greeting', label: 'Greeting', weight: 1, maxPoints: 5 }] } }),
  },
  { op: 'GET /recordings/{id}', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/recordings/${rows.recordingId}` }) },
  { op: 'GET /recordings/{id}/url', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/recordings/${rows.recordingId}/url` }) },
  { op: 'GET /recordings/{id}/stream', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/recordings/${rows.recordingId}/stream` }) },
  { op: 'GET /recordings/{id}/comments', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/recordings/${rows.recordingId}/comments` }) },
  {
    op: 'POST /recordings/{id}/comments', scopes: ROW_SCOPES, expect: seeRow(201),
    request: (_w, rows) => ({ method: 'post', path: `/recordings/${rows.recordingId}/comments`, body: { offsetSeconds: 0.5, body: 'matrix comment' } }),
  },
  { op: 'GET /recordings/{id}/scores', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/recordings/${rows.recordingId}/scores` }) },
  {
    op: 'POST /recordings/{id}/scores', scopes: ROW_SCOPES, expect: { ...seeRow(201), rep: 403 },
    request: (_w, rows) => ({ method: 'post', path: `/recordings/${rows.recordingId}/scores`, body: { templateKey: 'matrix', answers: { greeting: 4 } } }),
  },
  {
    op: 'PATCH /recordings/{id}/legal-hold', scopes: ROW_SCOPES, expect: only(['admin'], 200),
    request: (_w, rows) => ({ method: 'patch', path: `/recordings/${rows.recordingId}/legal-hold`, body: { legalHold: false } }),
  },
  {
    op: 'POST /clients/{clientId}/recordings/erase', scopes: ROW_SCOPES, expect: only(['admin'], 200),
    request: async (w, rows) => {
      // A client of its own: erasing must not take the shared rows' recordings away from later cells.
      const client = await w.client(rows);
      await w.callWithRecording(rows.teamId, rows.repId, client.id, await w.deal(rows, client.id));
      return { method: 'post', path: `/clients/${client.id}/recordings/erase` };
    },
  },

  // stats
  { op: 'GET /stats/funnel', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/stats/funnel' }) },
  {
    op: 'GET /stats/funnel', variant: 'teamId filter', scopes: TEAM_SCOPES, expect: { admin: 200, supervisor: t(200, 403), trainer: t(200, 403), rep: 200 },
    request: (_w, rows) => ({ method: 'get', path: '/stats/funnel', query: { teamId: rows.teamId } }),
  },
  { op: 'GET /stats/plan', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/stats/plan' }) },
  {
    op: 'GET /stats/plan', variant: 'repId filter', scopes: ROW_SCOPES, expect: { admin: 200, supervisor: s(200, 200, 404), trainer: s(200, 200, 404), rep: s(200, 403, 403) },
    request: (_w, rows) => ({ method: 'get', path: '/stats/plan', query: { repId: rows.repId } }),
  },
  { op: 'GET /stats/calls-per-hour', scopes: NONE, expect: every(200), request: () => ({ method: 'get', path: '/stats/calls-per-hour' }) },
  {
    op: 'GET /stats/calls-per-hour', variant: 'repId filter', scopes: ROW_SCOPES, expect: { admin: 200, supervisor: s(200, 200, 404), trainer: s(200, 200, 404), rep: s(200, 403, 403) },
    request: (_w, rows) => ({ method: 'get', path: '/stats/calls-per-hour', query: { repId: rows.repId } }),
  },
  { op: 'GET /stats/deals/{id}/timeline', scopes: ROW_SCOPES, expect: seeRow(200), request: (_w, rows) => ({ method: 'get', path: `/stats/deals/${rows.dealId}/timeline` }) },

  // supervision: no call is live here, so whoever may supervise meets NOT_FOUND for the call
  {
    op: 'POST /supervision/sessions', variant: 'callId and endpoint in body', scopes: ROW_SCOPES, expect: only(['admin', 'supervisor'], 404),
    request: (_w, rows) => ({ method: 'post', path: '/supervision/sessions', body: supervisionBody(rows) }),
  },
  // escalation: only the call's own rep, on a live call; none is live here, so a rep meets NOT_FOUND
  { op: 'POST /calls/{callId}/escalations', scopes: ROW_SCOPES, expect: only(['rep'], 404), request: (_w, rows) => ({ method: 'post', path: `/calls/${rows.callId}/escalations`, body: { mode: 'ladder' } }) },
  { op: 'POST /calls/{callId}/escalations/complete', scopes: ROW_SCOPES, expect: only(['rep'], 404), request: (_w, rows) => ({ method: 'post', path: `/calls/${rows.callId}/escalations/complete` }) },
  { op: 'POST /calls/{callId}/escalations/cancel', scopes: ROW_SCOPES, expect: only(['rep'], 404), request: (_w, rows) => ({ method: 'post', path: `/calls/${rows.callId}/escalations/cancel` }) },
  { op: 'GET /supervision/sessions', scopes: NONE, expect: only(['admin', 'supervisor'], 200), request: () => ({ method: 'get', path: '/supervision/sessions' }) },
  { op: 'DELETE /supervision/sessions/{id}', scopes: NONE, expect: only(['admin', 'supervisor'], 404), request: () => ({ method: 'delete', path: `/supervision/sessions/${randomUUID()}` }) },
];

export function expectedStatus(row: MatrixRow, role: Role, scope: Scope): number {
  const expected = row.expect[role];
  if (typeof expected === 'number') return expected;
  const status = expected[scope];
  if (status === undefined) throw new Error(`${row.op} ${row.variant ?? ''}: no expectation for ${role} × ${scope}`);
  return status;
}
