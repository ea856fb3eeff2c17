import { ADMIN } from '../support/test-app';
import { Role, World } from './seeded-world';

/** One realistic call of an operation: who calls, with what, and the status the contract promises. */
export interface ContractCall {
  as: Role | 'anonymous';
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  expect: number;
  /** Signed with the app's WEBHOOK_SECRET like an inbound CRM event (the signature is its credential). */
  signed?: boolean;
  /** Why a non-2xx answer is the realistic one here (the operation needs a live call, say). */
  why?: string;
}

/**
 * Every operation of the OpenAPI document, each with a realistic call on the seeded data. The
 * contract suite fails when the document gains an operation that is not listed here, or loses one
 * that is. Calls run in this order, so the ones that change state come after those that read it.
 */
export const OPERATIONS: Record<string, (w: World) => ContractCall> = {
  'POST /auth/login': () => ({ as: 'anonymous', body: { login: ADMIN.login, password: ADMIN.password }, expect: 200 }),
  'GET /auth/me': () => ({ as: 'rep', expect: 200 }),
  'GET /health': () => ({ as: 'anonymous', expect: 200 }),

  'GET /teams': () => ({ as: 'supervisor', expect: 200 }),
  'POST /teams': () => ({ as: 'admin', body: { name: 'Leipzig Field Sales' }, expect: 201 }),
  'POST /users': (w) => ({ as: 'admin', body: { login: 'tina.trainer', displayName: 'Tina Trainer', password: 'tina-trainer-pass', role: 'trainer', teamId: w.ids.team }, expect: 201 }),
  'PATCH /users/{id}': (w) => ({ as: 'admin', params: { id: w.ids.user }, body: { active: true }, expect: 200 }),
  'POST /reps': (w) => ({ as: 'supervisor', body: { login: 'neo.rep', displayName: 'Neo Rep', password: 'neo-rep-password', teamId: w.ids.team, tier: 'junior', skills: ['de', 'en'], dailyCallTarget: 40 }, expect: 201 }),
  'GET /reps': (w) => ({ as: 'supervisor', query: { teamId: w.ids.team, tier: 'strong' }, expect: 200 }),
  'GET /reps/{id}': (w) => ({ as: 'supervisor', params: { id: w.ids.rep }, expect: 200 }),
  'GET /reps/{id}/registration': (w) => ({ as: 'supervisor', params: { id: w.ids.rep }, expect: 200 }),
  'PATCH /reps/{id}': (w) => ({ as: 'supervisor', params: { id: w.ids.otherRep }, body: { tier: 'mid', skills: ['de'], dailyCallTarget: 50 }, expect: 200 }),
  'POST /reps/{id}/sip-credentials': (w) => ({ as: 'supervisor', params: { id: w.ids.otherRep }, expect: 201 }),

  'GET /pipeline-stages': () => ({ as: 'rep', expect: 200 }),
  'GET /clients': (w) => ({ as: 'rep', query: { phone: w.phone, limit: '10' }, expect: 200 }),
  'GET /clients/{id}': (w) => ({ as: 'rep', params: { id: w.ids.client }, expect: 200 }),
  'POST /clients': (w) => ({ as: 'supervisor', body: { name: 'Kontrakt GmbH', phones: ['+4930555012345'], ownerRepId: w.ids.rep, timeZone: 'Europe/Berlin', temperature: 'warm', source: 'web-form' }, expect: 201 }),
  'PATCH /clients/{id}': (w) => ({ as: 'rep', params: { id: w.ids.client }, body: { temperature: 'hot' }, expect: 200 }),
  'GET /deals': (w) => ({ as: 'rep', query: { clientId: w.ids.client, status: 'open', limit: '5' }, expect: 200 }),
  'GET /deals/{id}': (w) => ({ as: 'rep', params: { id: w.ids.deal }, expect: 200 }),
  'POST /deals': (w) => ({ as: 'rep', body: { clientId: w.ids.clientWithoutDeal, amount: 1200, currency: 'EUR', reason: 'upsell' }, expect: 201 }),
  'PATCH /deals/{id}': (w) => ({ as: 'rep', params: { id: w.ids.deal }, body: { stageKey: w.stageKey }, expect: 200 }),
  'GET /tasks': () => ({ as: 'rep', query: { assignee: 'me', status: 'open', limit: '20' }, expect: 200 }),
  'PATCH /tasks/{id}': (w) => ({ as: 'rep', params: { id: w.ids.task }, body: { status: 'done' }, expect: 200 }),
  'GET /reps/me/next-call': () => ({ as: 'rep', expect: 200 }),
  'GET /workspace/me/work': () => ({ as: 'rep', expect: 200 }),
  'POST /workspace/calls/{callId}/wrap-up': (w) => ({ as: 'rep', params: { callId: w.ids.call }, body: { outcome: 'callback', callbackAt: new Date(Date.now() + 86_400_000).toISOString(), note: 'Call back after the board meeting', nextTask: { reason: 'Send the price sheet', dueAt: new Date(Date.now() + 3_600_000).toISOString() } }, expect: 200 }),
  'POST /integrations/crm/events': (w) => ({ as: 'anonymous', signed: true, body: { id: 'crm-evt-1', type: 'proposal.opened', occurredAt: new Date().toISOString(), data: { dealId: w.ids.deal } }, expect: 200 }),

  'GET /routing/floor': () => ({ as: 'supervisor', expect: 200 }),
  'GET /routing/queue': () => ({ as: 'supervisor', expect: 200 }),
  'GET /routing/metrics': () => ({ as: 'admin', expect: 200 }),
  'POST /routing/metrics/reset': () => ({ as: 'admin', expect: 204 }),
  'POST /reps/{id}/state': (w) => ({ as: 'supervisor', params: { id: w.ids.otherRep }, body: { state: 'paused', reason: 'coaching' }, expect: 200 }),
  'POST /reps/me/pause': () => ({ as: 'rep', body: { reason: 'lunch' }, expect: 200 }),
  'POST /reps/me/resume': () => ({ as: 'rep', expect: 200 }),

  'GET /campaigns': () => ({ as: 'supervisor', expect: 200 }),
  'GET /campaigns/{id}': (w) => ({ as: 'supervisor', params: { id: w.ids.campaign }, expect: 200 }),
  'POST /campaigns': () => ({ as: 'supervisor', body: { name: 'Spring NPS', trigger: 'list', settings: { maxAttempts: 2 } }, expect: 201 }),
  'PATCH /campaigns/{id}': (w) => ({ as: 'supervisor', params: { id: w.ids.campaign }, body: { name: 'Contract campaign (renamed)', settings: { maxAttempts: 4 } }, expect: 200 }),
  'POST /campaigns/{id}/targets': (w) => ({ as: 'supervisor', params: { id: w.ids.campaign }, body: { csv: `phone,client_id\n${w.phone},${w.ids.client}\n` }, expect: 201 }),
  'GET /campaigns/{id}/progress': (w) => ({ as: 'supervisor', params: { id: w.ids.campaign }, expect: 200 }),
  'POST /campaigns/{id}/actions': (w) => ({ as: 'supervisor', params: { id: w.ids.campaign }, body: { action: 'start' }, expect: 200 }),
  'GET /reports/nps': () => ({ as: 'supervisor', query: { groupBy: 'rep', from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }, expect: 200 }),
  'GET /reports/nps.csv': () => ({ as: 'supervisor', query: { groupBy: 'week' }, expect: 200 }),

  'POST /calls/click-to-call': (w) => ({ as: 'rep', body: { clientId: w.ids.client, dealId: w.ids.deal }, expect: 409, why: 'the rep has no registered softphone in this suite: REP_NOT_AVAILABLE is the answer' }),
  'POST /workspace/softphone/session': () => ({ as: 'rep', expect: 200 }),
  'GET /workspace/calls/{callId}/pop': (w) => ({ as: 'supervisor', params: { callId: w.ids.call }, expect: 200 }),
  'POST /calls/{callId}/recording/pause': (w) => ({ as: 'rep', params: { callId: w.ids.call }, expect: 409, why: 'needs a live call; on a finished one the answer is INVALID_STATE' }),
  'POST /calls/{callId}/recording/resume': (w) => ({ as: 'rep', params: { callId: w.ids.call }, expect: 409, why: 'needs a live call; on a finished one the answer is INVALID_STATE' }),

  'GET /recordings': (w) => ({ as: 'trainer', query: { repId: w.ids.rep, from: '2020-01-01T00:00:00Z', direction: 'inbound', limit: '10' }, expect: 200 }),
  'GET /recordings/stats/trends': () => ({ as: 'trainer', query: { from: '2020-01-01T00:00:00Z', to: '2035-01-01T00:00:00Z' }, expect: 200 }),
  'GET /recordings/{id}': (w) => ({ as: 'trainer', params: { id: w.ids.recording }, expect: 200 }),
  'GET /recordings/{id}/url': (w) => ({ as: 'trainer', params: { id: w.ids.recording }, expect: 200 }),
  'GET /recordings/{id}/stream': (w) => ({ as: 'trainer', params: { id: w.ids.recording }, expect: 200 }),
  'GET /scorecard-templates': () => ({ as: 'trainer', expect: 200 }),
  'PUT /scorecard-templates': () => ({ as: 'admin', body: { key: 'short', name: 'Short QA', criteria: [{ key: 'greeting', label: 'Greeting', weight: 1, maxPoints: 5 }], active: true }, expect: 200 }),
  'POST /recordings/{id}/comments': (w) => ({ as: 'trainer', params: { id: w.ids.recording }, body: { offsetSeconds: 0.5, body: 'Good opening' }, expect: 201 }),
  'GET /recordings/{id}/comments': (w) => ({ as: 'trainer', params: { id: w.ids.recording }, expect: 200 }),
  'POST /recordings/{id}/scores': (w) => ({ as: 'trainer', params: { id: w.ids.recording }, body: { templateKey: 'default', answers: w.scorecardAnswers, note: 'Textbook' }, expect: 201 }),
  'GET /recordings/{id}/scores': (w) => ({ as: 'trainer', params: { id: w.ids.recording }, expect: 200 }),
  'PATCH /recordings/{id}/legal-hold': (w) => ({ as: 'admin', params: { id: w.ids.recording }, body: { legalHold: true }, expect: 200 }),

  'GET /stats/funnel': (w) => ({ as: 'supervisor', query: { teamId: w.ids.team, groupBy: 'rep' }, expect: 200 }),
  'GET /stats/plan': (w) => ({ as: 'supervisor', query: { teamId: w.ids.team, format: 'csv' }, expect: 200 }),
  'GET /stats/calls-per-hour': (w) => ({ as: 'supervisor', query: { teamId: w.ids.team, from: new Date(Date.now() - 86_400_000).toISOString() }, expect: 200 }),
  'GET /stats/deals/{id}/timeline': (w) => ({ as: 'rep', params: { id: w.ids.deal }, expect: 200 }),

  'POST /supervision/sessions': (w) => ({ as: 'supervisor', body: { callId: w.ids.call, mode: 'listen', endpoint: 'rep-supervisor' }, expect: 404, why: 'needs a live call; a finished one is not live: NOT_FOUND' }),
  'POST /calls/{callId}/escalations': (w) => ({ as: 'rep', params: { callId: w.ids.call }, body: { mode: 'warm', toRepId: w.ids.otherRep }, expect: 404, why: 'needs the rep\'s own live call; a finished one is not live: NOT_FOUND' }),
  'POST /calls/{callId}/escalations/complete': (w) => ({ as: 'rep', params: { callId: w.ids.call }, expect: 404, why: 'needs a live call with a warm escalation running' }),
  'POST /calls/{callId}/escalations/cancel': (w) => ({ as: 'rep', params: { callId: w.ids.call }, expect: 404, why: 'needs a live call with a warm escalation running' }),
  'GET /supervision/sessions': () => ({ as: 'supervisor', expect: 200 }),
  'DELETE /supervision/sessions/{id}': (w) => ({ as: 'supervisor', params: { id: w.ids.call }, expect: 404, why: 'no session is running without a live call' }),

  'GET /webhooks/deliveries': () => ({ as: 'admin', query: { status: 'failed', limit: '10' }, expect: 200 }),
  'POST /webhooks/deliveries/{id}/retry': (w) => ({ as: 'admin', params: { id: w.ids.delivery }, expect: 202 }),

  // Last: it removes the client's recordings.
  'POST /clients/{clientId}/recordings/erase': (w) => ({ as: 'admin', params: { clientId: w.ids.client }, expect: 200 }),
};
