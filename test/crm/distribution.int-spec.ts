import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainEventMap, DomainEvents } from '../../src/common/events/domain-events';
import { ClientsService } from '../../src/crm/clients.service';
import { DistributionService } from '../../src/crm/distribution.service';
import { TasksService } from '../../src/crm/tasks.service';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp } from '../support/test-app';
import { CrmFixtures } from './crm-fixtures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The maintenance job also runs on its own schedule with the real clock. Tasks here are due a day
 * ahead and the runs below pass a clock past that, so the scheduled run never touches them.
 */
describe('outbound distribution (real PostgreSQL)', () => {
  let testApp: TestApp;
  let fx: CrmFixtures;
  let db: DataSource;
  let tasks: TasksService;
  let distribution: DistributionService;
  const reassigned: DomainEventMap['task.reassigned'][] = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    fx = new CrmFixtures(testApp, await loginAs(testApp, ADMIN.login, ADMIN.password));
    db = testApp.app.get(DataSource);
    tasks = testApp.app.get(TasksService);
    distribution = testApp.app.get(DistributionService);
    testApp.app.get(DomainEvents).on('task.reassigned', (payload) => void reassigned.push(payload));
  });

  afterAll(() => testApp.close());

  const task = (clientId: string, assigneeRepId: string, dueAt: Date, type: 'callback' | 'reminder' = 'callback') =>
    tasks.createIfAbsent({ type, clientId, assigneeRepId, dueAt, reason: 'test', dedupeKey: `test:${randomUUID()}` }).then((result) => result.task);

  it('"my next call": overdue callbacks by how overdue, then due tasks, then hot → warm → cold leads', async () => {
    const team = await fx.team('Next call');
    // A strong rep: unowned leads are only ever handed to mid-tier reps, so the background job cannot add work here.
    const rep = await fx.rep(team, 'strong');
    const now = Date.now();
    const cold = await fx.client({ ownerRepId: rep.id, temperature: 'cold' });
    const warm = await fx.client({ ownerRepId: rep.id, temperature: 'warm' });
    const hot = await fx.client({ ownerRepId: rep.id, temperature: 'hot' });
    const dnc = await fx.client({ ownerRepId: rep.id, temperature: 'hot' });
    await testApp.http.patch(`/clients/${dnc.id}`).set(fx.auth()).send({ doNotCall: true, doNotCallReason: 'objected' }).expect(200);
    await task(dnc.id, rep.id, new Date(now - 100 * MINUTE));
    const slightly = await fx.client({ ownerRepId: rep.id });
    await task(slightly.id, rep.id, new Date(now - 10 * MINUTE));
    const very = await fx.client({ ownerRepId: rep.id });
    const veryTask = await task(very.id, rep.id, new Date(now - 90 * MINUTE));
    const reminded = await fx.client({ ownerRepId: rep.id });
    await task(reminded.id, rep.id, new Date(now - 60 * MINUTE), 'reminder');
    const later = await fx.client({ ownerRepId: rep.id, temperature: 'hot' });
    await task(later.id, rep.id, new Date(now + 3 * HOUR));
    await db.query(`INSERT INTO calls (direction, asterisk_channel_id, client_id, rep_id, outcome, talk_seconds) VALUES ('outbound', $1, $2, $3, 'no-answer', 0)`, [randomUUID(), very.id, rep.id]);

    const order: Array<[string, string]> = [];
    for (let i = 0; i < 6; i += 1) {
      const next = (await testApp.http.get('/reps/me/next-call').set(fx.auth(rep.token)).expect(200)).body;
      order.push([next.client.id, next.bucket]);
      if (i === 0) {
        expect(next).toMatchObject({ taskId: veryTask.id, openDeal: null, client: { phones: [expect.objectContaining({ e164: very.phones[0].e164 })] } });
        expect(next.recentCalls).toEqual([expect.objectContaining({ outcome: 'no-answer', direction: 'outbound' })]);
        expect(next.openTasks.map((open: { id: string }) => open.id)).toEqual([veryTask.id]);
      }
      // Working the client: the call is logged (so the lead rests) and its task closed.
      await testApp.app.get(ClientsService).recordCallOutcome({ clientId: next.client.id, outcome: 'answered', talkSeconds: 30, at: new Date(now + i * 1000) });
      if (next.taskId) await testApp.http.patch(`/tasks/${next.taskId}`).set(fx.auth(rep.token)).send({ status: 'done' }).expect(200);
      expect((await testApp.http.get(`/clients/${next.client.id}`).set(fx.auth(rep.token)).expect(200)).body.lastOutcome).toBe('answered');
    }
    expect(order).toEqual([
      [very.id, 'overdue-callback'],
      [slightly.id, 'overdue-callback'],
      [reminded.id, 'due-task'],
      [hot.id, 'hot-lead'],
      [warm.id, 'warm-lead'],
      [cold.id, 'cold-lead'],
    ]);
    // Every lead was just called and rests; the only task left is not due yet.
    expect((await testApp.http.get('/reps/me/next-call').set(fx.auth(rep.token)).expect(404)).body.details).toEqual({ reason: 'NO_WORK' });
    await testApp.http.get('/reps/me/next-call').set(fx.auth()).expect(403);
  });

  it('says NOT_FOUND when a rep has nothing to call', async () => {
    const rep = await fx.rep(await fx.team('Idle'), 'strong');
    const response = await testApp.http.get('/reps/me/next-call').set(fx.auth(rep.token)).expect(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'NO_WORK' } });
    expect(response.body.message).toMatch(/no work/i);
  });

  describe('redistribution of overdue tasks', () => {
    let team: string;
    let from: { id: string };
    let busy: { id: string };
    let idle: { id: string };
    let client: { id: string };
    let taskId: string;
    let dueAt: Date;

    beforeAll(async () => {
      // Unowned leads other suites left (with their reps disabled) would go to this team's mids on the
      // first maintenance run and change who is least loaded; a mid rep of another team takes them first.
      await fx.rep(await fx.team('Lead sink'), 'mid', { login: false });
      while (Object.values(await distribution.assignUnownedWork(new Date())).some((count) => count > 0));
      team = await fx.team('Redistribution');
      from = await fx.rep(team, 'mid', { login: false });
      busy = await fx.rep(team, 'mid', { login: false });
      idle = await fx.rep(team, 'mid', { login: false });
      await fx.rep(team, 'strong', { login: false });
      const busyClient = await fx.client({ ownerRepId: busy.id });
      // Far more open work than background lead assignment could ever add to the idle rep.
      for (let i = 0; i < 12; i += 1) await task(busyClient.id, busy.id, new Date(Date.now() + 30 * 24 * HOUR));
      client = await fx.client({ ownerRepId: from.id });
      dueAt = new Date(Date.now() + 24 * HOUR);
      taskId = (await task(client.id, from.id, dueAt)).id;
    });

    const row = async () => (await db.query(`SELECT t.assignee_rep_id, t.reassigned_count, c.owner_rep_id FROM tasks t JOIN clients c ON c.id = t.client_id WHERE t.id = $1`, [taskId]))[0];

    it('leaves a task alone inside the grace period', async () => {
      await distribution.runMaintenance(new Date(dueAt.getTime() + 119 * MINUTE));
      expect(await row()).toMatchObject({ assignee_rep_id: from.id, reassigned_count: 0 });
    });

    it('moves an overdue task to the least-loaded rep of the same tier, audited with the reason', async () => {
      const now = new Date(dueAt.getTime() + 3 * HOUR);
      await distribution.runMaintenance(now);
      expect(await row()).toMatchObject({ assignee_rep_id: idle.id, reassigned_count: 1, owner_rep_id: from.id });
      const [audit] = await db.query(`SELECT details FROM audit_log WHERE action = 'task.reassign' AND entity_id = $1`, [taskId]);
      expect(audit.details).toMatchObject({ fromRepId: from.id, toRepId: idle.id, reason: 'overdue 180 min (limit 120 min); reassignment 1' });
      await expectEventually(() => expect(reassigned.filter((event) => event.taskId === taskId)).toEqual([expect.objectContaining({ fromRepId: from.id, toRepId: idle.id })]));
      // A second run at the same instant finds the new assignee still inside their grace period.
      await distribution.runMaintenance(now);
      expect((await row()).reassigned_count).toBe(1);
    });

    it('moves the client to the rep of the reassignment that reaches ownershipMovesAfterMisses (3)', async () => {
      await distribution.runMaintenance(new Date(dueAt.getTime() + 6 * HOUR));
      expect(await row()).toMatchObject({ assignee_rep_id: from.id, reassigned_count: 2, owner_rep_id: from.id });
      await distribution.runMaintenance(new Date(dueAt.getTime() + 9 * HOUR));
      expect(await row()).toMatchObject({ assignee_rep_id: idle.id, reassigned_count: 3, owner_rep_id: idle.id });
      const [audit] = await db.query(`SELECT details FROM audit_log WHERE action = 'client.owner-move' AND entity_id = $1`, [client.id]);
      expect(audit.details).toMatchObject({ fromRepId: from.id, toRepId: idle.id });
    });
  });

  it('hands unowned leads and callbacks to mid-tier reps', async () => {
    const lead = await testApp.app.get(ClientsService).createLeadForUnknownCaller(fx.phone());
    const callback = await tasks.createIfAbsent({ type: 'callback', clientId: lead.id, dueAt: new Date(Date.now() + 24 * HOUR), reason: 'abandoned in queue', dedupeKey: `test:${randomUUID()}` });
    await distribution.assignUnownedWork(new Date());
    const [state] = await db.query(
      `SELECT c.owner_rep_id, r.tier, t.assignee_rep_id FROM clients c JOIN reps r ON r.id = c.owner_rep_id JOIN tasks t ON t.client_id = c.id WHERE c.id = $1`,
      [lead.id],
    );
    expect(state).toMatchObject({ tier: 'mid', assignee_rep_id: state.owner_rep_id });
    const audits = await db.query(`SELECT action FROM audit_log WHERE entity_id IN ($1, $2) AND action IN ('client.assign', 'task.assign')`, [lead.id, callback.task.id]);
    expect(audits).toHaveLength(2);
  });
});
