import { DataSource } from 'typeorm';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

/**
 * Funnel, plan-vs-fact and deal timeline on a hand-built book of four deals, January 2025
 * (outside every other suite's data), against numbers computed by hand in the comments.
 */
describe('funnel and plan-vs-fact REST (real PostgreSQL)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let admin: Record<string, string>;
  let teamId: string;
  let repId: string;
  let otherSupervisor: Record<string, string>;
  const deal: Record<string, string> = {};
  const range = 'from=2025-01-01T00:00:00Z&to=2025-01-11T00:00:00Z';

  const at = (day: number, hour = 12): string => new Date(Date.UTC(2025, 0, day, hour)).toISOString();

  beforeAll(async () => {
    testApp = await startTestApp();
    db = testApp.app.get(DataSource);
    admin = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    teamId = (await testApp.http.post('/teams').set(admin).send({ name: unique('Funnel ') }).expect(201)).body.id;
    const otherTeam = (await testApp.http.post('/teams').set(admin).send({ name: unique('Other ') }).expect(201)).body.id;
    const login = unique('funnelrep');
    repId = (await testApp.http.post('/reps').set(admin).send({ login, displayName: 'Funnel Rep', password: 'rep-password-123', teamId, tier: 'mid', dailyCallTarget: 2, dailyDealTarget: 1, monthlyWonTarget: 4 }).expect(201)).body.id;
    const supLogin = unique('othersup');
    await testApp.http.post('/users').set(admin).send({ login: supLogin, displayName: 'Other', password: 'supervisor-pass-1', role: 'supervisor', teamId: otherTeam }).expect(201);
    otherSupervisor = { Authorization: `Bearer ${await loginAs(testApp, supLogin, 'supervisor-pass-1')}` };

    const stages: Record<string, string> = Object.fromEntries((await db.query(`SELECT key, id FROM pipeline_stages`)).map((row: { key: string; id: string }) => [row.key, row.id]));
    const [client] = await db.query(`INSERT INTO clients (name) VALUES ('Funnel Client') RETURNING id`);
    const history: Record<string, Array<[string | null, string, string, number]>> = {
      // D1: new → qualified → meeting → won
      d1: [[null, 'new', 'open', 1], ['new', 'qualified', 'open', 3], ['qualified', 'meeting', 'open', 5], ['meeting', 'meeting', 'won', 8]],
      // D2: new → qualified → lost there
      d2: [[null, 'new', 'open', 2], ['new', 'qualified', 'open', 4], ['qualified', 'qualified', 'lost', 6]],
      // D3: lost while new
      d3: [[null, 'new', 'open', 2], ['new', 'new', 'lost', 3]],
      // D4: still new
      d4: [[null, 'new', 'open', 3]],
    };
    for (const [name, changes] of Object.entries(history)) {
      const last = changes[changes.length - 1];
      const closed = last[2] !== 'open' ? at(last[3]) : null;
      const [row] = await db.query(`INSERT INTO deals (client_id, owner_rep_id, stage_id, status, opened_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [client.id, repId, stages[last[1]], last[2], at(changes[0][3]), closed]);
      deal[name] = row.id;
      for (const [from, to, status, day] of changes) {
        await db.query(`INSERT INTO deal_stage_changes (deal_id, from_stage_id, to_stage_id, to_status, at) VALUES ($1, $2, $3, $4, $5)`, [row.id, from ? stages[from] : null, stages[to], status, at(day)]);
      }
    }
    // Calls: [deal, day, hour, talk seconds or null (not answered)]
    const calls: Array<[string, number, number, number | null]> = [
      ['d1', 1, 14, 60], ['d1', 2, 12, 120], // in "new"
      ['d1', 4, 12, 30], // in "qualified"
      ['d1', 6, 12, 300], ['d1', 7, 12, null], // in "meeting"
      ['d2', 3, 12, 45], // in "new"
      ['d2', 4, 15, 10], ['d2', 5, 9, 10], ['d2', 5, 15, 10], // in "qualified"
      ['d4', 3, 18, 20], // in "new"
    ];
    for (const [name, day, hour, talk] of calls) {
      const start = at(day, hour);
      await db.query(
        `INSERT INTO calls (direction, asterisk_channel_id, client_id, deal_id, rep_id, team_id, created_at, answered_at, ended_at, talk_seconds, outcome)
         VALUES ('outbound', $1, $2, $3, $4, $5, $6, $7, $6::timestamptz + interval '10 minutes', $8, $9)`,
        [unique('funnel-ch-'), client.id, deal[name], repId, teamId, start, talk === null ? null : start, talk, talk === null ? 'no-answer' : 'answered'],
      );
    }
    await db.query(`INSERT INTO tasks (type, client_id, deal_id, assignee_rep_id, due_at, reason, created_at) VALUES ('follow-up', $1, $2, $3, $4, 'Send the offer', $4)`, [client.id, deal.d1, repId, at(5, 13)]);
    await db.query(`INSERT INTO nps_responses (client_id, deal_id, rep_id, score, created_at) VALUES ($1, $2, $3, 9, $4)`, [client.id, deal.d1, repId, at(9)]);
  });

  afterAll(() => testApp?.close());

  it('per stage: calls, talk time, touches before moving, conversions and where deals are lost', async () => {
    const rows = (await testApp.http.get(`/stats/funnel?${range}&teamId=${teamId}`).set(admin).expect(200)).body;
    expect(rows).toEqual([
      { group: 'all', stageKey: 'new', stageName: 'New lead', position: expect.any(Number), entered: 4, calls: 4, answeredCalls: 4, talkSeconds: 245, touchesBeforeMove: 1.5, advanced: 2, won: 0, lost: 1, stillOpen: 1, conversionNext: 50, conversionWon: 25 },
      { group: 'all', stageKey: 'qualified', stageName: 'Qualified', position: expect.any(Number), entered: 2, calls: 4, answeredCalls: 4, talkSeconds: 60, touchesBeforeMove: 1, advanced: 1, won: 0, lost: 1, stillOpen: 0, conversionNext: 50, conversionWon: 50 },
      { group: 'all', stageKey: 'meeting', stageName: 'Meeting scheduled', position: expect.any(Number), entered: 1, calls: 2, answeredCalls: 1, talkSeconds: 300, touchesBeforeMove: 2, advanced: 0, won: 1, lost: 0, stillOpen: 0, conversionNext: 100, conversionWon: 100 },
    ]);
  });

  it('per rep gives the same funnel under the rep id, and a range cuts off later stage entries', async () => {
    const byRep = (await testApp.http.get(`/stats/funnel?${range}&teamId=${teamId}&groupBy=rep`).set(admin).expect(200)).body;
    expect(byRep.map((row: { group: string; entered: number }) => [row.group, row.entered])).toEqual([[repId, 4], [repId, 2], [repId, 1]]);
    // Up to Jan 4 00:00: "meeting" (Jan 5) was not entered yet, "qualified" only by D1 (Jan 3).
    const early = (await testApp.http.get(`/stats/funnel?from=2025-01-01T00:00:00Z&to=2025-01-04T00:00:00Z&repId=${repId}`).set(admin).expect(200)).body;
    expect(early.map((row: { stageKey: string; entered: number }) => [row.stageKey, row.entered])).toEqual([['new', 4], ['qualified', 1]]);
  });

  it('exports CSV', async () => {
    const response = await testApp.http.get(`/stats/funnel?${range}&teamId=${teamId}&format=csv`).set(admin).expect(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe('group,stageKey,stageName,position,entered,calls,answeredCalls,talkSeconds,touchesBeforeMove,advanced,won,lost,stillOpen,conversionNext,conversionWon');
    expect(lines[1]).toMatch(/^all,new,New lead,\d+,4,4,4,245,1.5,2,0,1,1,50,25$/);
  });

  it('plan vs fact per rep against daily and monthly targets', async () => {
    // Jan 1-10 2025 has 8 working days (Mon-Fri): 2 calls/day → 16, 1 deal/day → 8; 4 won/month → 4 × 10/31 = 1.3.
    const [row] = (await testApp.http.get(`/stats/plan?${range}&teamId=${teamId}`).set(admin).expect(200)).body;
    expect(row).toEqual({ repId, repName: 'Funnel Rep', teamId, callsMade: 10, callsAnswered: 0, talkSeconds: 605, dealsOpened: 4, dealsWon: 1, callsPlan: 16, callsDone: 62.5, dealsPlan: 8, dealsDone: 50, wonPlan: 1.3, wonDone: 76.9 });
    const csv = await testApp.http.get(`/stats/plan?${range}&teamId=${teamId}&format=csv`).set(admin).expect(200);
    expect(csv.text.split('\r\n')[1]).toBe(`${repId},Funnel Rep,${teamId},10,0,605,4,1,16,62.5,8,50,1.3,76.9`);
  });

  it("another team's supervisor gets 403, and no one else's deal timeline", async () => {
    await testApp.http.get(`/stats/funnel?${range}&teamId=${teamId}`).set(otherSupervisor).expect(403);
    await testApp.http.get(`/stats/deals/${deal.d1}/timeline`).set(otherSupervisor).expect(404);
  });

  it('a deal timeline: stage changes, calls, tasks and NPS in order', async () => {
    const body = (await testApp.http.get(`/stats/deals/${deal.d1}/timeline`).set(admin).expect(200)).body;
    expect(body.items.map((item: { kind: string }) => item.kind)).toEqual(['stage', 'call', 'call', 'stage', 'call', 'stage', 'task', 'call', 'call', 'stage', 'nps']);
    expect(body.items[1]).toMatchObject({ kind: 'call', direction: 'outbound', talkSeconds: 60, recordings: [] });
    expect(body.items[9]).toMatchObject({ kind: 'stage', status: 'won', toStage: 'meeting' });
  });
});
