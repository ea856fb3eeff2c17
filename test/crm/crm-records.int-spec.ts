import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainEvents, DomainEventMap } from '../../src/common/events/domain-events';
import { ClientsService } from '../../src/crm/clients.service';
import { DealsService } from '../../src/crm/deals.service';
import { TasksService } from '../../src/crm/tasks.service';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp } from '../support/test-app';
import { CrmFixtures } from './crm-fixtures';

describe('CRM records through the HTTP API (real PostgreSQL)', () => {
  let testApp: TestApp;
  let fx: CrmFixtures;
  let db: DataSource;
  let teamA: string;
  let supA: string;
  let supB: string;
  let owner: { id: string; token: string };
  let peer: { id: string; token: string };
  const events: Array<{ name: string; payload: unknown }> = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    fx = new CrmFixtures(testApp, await loginAs(testApp, ADMIN.login, ADMIN.password));
    db = testApp.app.get(DataSource);
    teamA = await fx.team('CRM A');
    const teamB = await fx.team('CRM B');
    supA = await fx.supervisor(teamA);
    supB = await fx.supervisor(teamB);
    owner = await fx.rep(teamA, 'mid');
    peer = await fx.rep(teamA, 'mid');
    const bus = testApp.app.get(DomainEvents);
    for (const name of ['deal.opened', 'deal.stage-changed', 'task.created'] as const) bus.on(name, (payload) => void events.push({ name, payload }));
  });

  afterAll(() => testApp.close());

  const eventsFor = <K extends keyof DomainEventMap>(name: K, match: (payload: DomainEventMap[K]) => boolean): DomainEventMap[K][] =>
    events.filter((event) => event.name === name).map((event) => event.payload as DomainEventMap[K]).filter(match);

  it('lists the configured pipeline stages in order', async () => {
    const response = await testApp.http.get('/pipeline-stages').set(fx.auth(owner.token)).expect(200);
    expect(response.body.map((stage: { key: string; position: number; active: boolean }) => [stage.key, stage.position, stage.active])).toEqual([
      ['new', 1, true],
      ['qualified', 2, true],
      ['meeting', 3, true],
      ['proposal', 4, true],
      ['negotiation', 5, true],
    ]);
  });

  describe('clients', () => {
    it('normalises phones and refuses a number another client has (409 naming it)', async () => {
      const created = await testApp.http.post('/clients').set(fx.auth(supA)).send({ name: 'Erika Muster', phones: ['+49 30 1234 5678'], timeZone: 'Europe/Berlin', ownerRepId: owner.id }).expect(201);
      expect(created.body.phones.map((phone: { e164: string }) => phone.e164)).toEqual(['+493012345678']);
      const duplicate = await testApp.http.post('/clients').set(fx.auth()).send({ name: 'Other', phones: [fx.phone(), '0049 30 12345678'] }).expect(409);
      expect(duplicate.body).toMatchObject({ code: 'CONFLICT', details: { phone: '+493012345678' } });
      expect(duplicate.body.message).toContain('+493012345678');
    });

    it('finds a client by a number written any way', async () => {
      const found = await testApp.http.get('/clients').query({ phone: '0049 (30) 1234-5678' }).set(fx.auth()).expect(200);
      expect(found.body).toHaveLength(1);
      expect(found.body[0].name).toBe('Erika Muster');
    });

    it('rejects bad input with 400', async () => {
      const bad = (body: Record<string, unknown>) => testApp.http.post('/clients').set(fx.auth()).send({ name: 'X', phones: [fx.phone()], ...body });
      expect((await bad({ phones: ['not a phone'] }).expect(400)).body.code).toBe('INVALID_PHONE_NUMBER');
      expect((await bad({ timeZone: 'Mars/Olympus' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await bad({ temperature: 'lukewarm' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await bad({ phones: [] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await bad({ ownerRepId: 'nope' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await bad({ extra: true }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await testApp.http.get('/clients/not-a-uuid').set(fx.auth()).expect(400);
      await testApp.http.get('/clients').query({ phone: 'abc' }).set(fx.auth()).expect(400);
    });

    it('lets only admins and supervisors create clients, in their own team', async () => {
      await testApp.http.post('/clients').set(fx.auth(owner.token)).send({ name: 'X', phones: [fx.phone()] }).expect(403);
      // A rep of another team named in the body answers like a rep that does not exist.
      await testApp.http.post('/clients').set(fx.auth(supB)).send({ name: 'X', phones: [fx.phone()], ownerRepId: owner.id }).expect(404);
    });

    it('scopes reading: owner, own-team supervisor and admin yes; other team and other rep get the 404 of a missing client', async () => {
      const client = await fx.client({ ownerRepId: owner.id });
      await testApp.http.get(`/clients/${client.id}`).set(fx.auth(owner.token)).expect(200);
      await testApp.http.get(`/clients/${client.id}`).set(fx.auth(supA)).expect(200);
      await testApp.http.get(`/clients/${client.id}`).set(fx.auth()).expect(200);
      expect((await testApp.http.get(`/clients/${client.id}`).set(fx.auth(supB)).expect(404)).body).toEqual({ code: 'NOT_FOUND', message: `client ${client.id} not found`, details: { entity: 'client', id: client.id } });
      expect((await testApp.http.get(`/clients/${client.id}`).set(fx.auth(peer.token)).expect(404)).body.code).toBe('NOT_FOUND');
      const peerList = await testApp.http.get('/clients').set(fx.auth(peer.token)).expect(200);
      expect(peerList.body.map((row: { id: string }) => row.id)).not.toContain(client.id);
      await testApp.http.get(`/clients/${randomUUID()}`).set(fx.auth()).expect(404);
    });

    it('needs a reason for do-not-call, and audits the change', async () => {
      const client = await fx.client({ ownerRepId: owner.id });
      await testApp.http.patch(`/clients/${client.id}`).set(fx.auth(owner.token)).send({ doNotCall: true }).expect(400);
      const patched = await testApp.http.patch(`/clients/${client.id}`).set(fx.auth(owner.token)).send({ doNotCall: true, doNotCallReason: 'asked on the phone', recordingRefused: true }).expect(200);
      expect(patched.body).toMatchObject({ doNotCall: true, doNotCallReason: 'asked on the phone', recordingRefused: true });
      // The owner sees the client: a rep may not reassign it (403); another team's supervisor does not see it (404).
      await testApp.http.patch(`/clients/${client.id}`).set(fx.auth(owner.token)).send({ ownerRepId: peer.id }).expect(403);
      await testApp.http.patch(`/clients/${client.id}`).set(fx.auth(supB)).send({ temperature: 'hot' }).expect(404);
      const moved = await testApp.http.patch(`/clients/${client.id}`).set(fx.auth(supA)).send({ ownerRepId: peer.id, doNotCall: false }).expect(200);
      expect(moved.body).toMatchObject({ ownerRepId: peer.id, doNotCall: false, doNotCallReason: null });
      const [row] = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'client.update' AND entity_id = $1`, [client.id]);
      expect(row.n).toBe(2);
    });

    it('findByPhone gives client, owner tier and open deal', async () => {
      const client = await fx.client({ ownerRepId: owner.id, temperature: 'hot' });
      const clients = testApp.app.get(ClientsService);
      const before = await clients.findByPhone(client.phones[0].e164);
      expect(before).toMatchObject({ client: { id: client.id, temperature: 'hot' }, ownerRep: { id: owner.id, teamId: teamA, tier: 'mid' }, openDeal: null });
      const { deal } = await testApp.app.get(DealsService).ensureOpenDealForCall({ clientId: client.id, ownerRepId: owner.id, callId: randomUUID(), reason: 'inbound-call' });
      expect((await clients.findByPhone(client.phones[0].e164))?.openDeal?.id).toBe(deal.id);
      expect(await clients.findByPhone('+4915199999999')).toBeNull();
    });

    it('creates one lead for an unknown number however many calls race', async () => {
      const phone = fx.phone();
      const clients = testApp.app.get(ClientsService);
      const results = await Promise.all(Array.from({ length: 6 }, () => clients.createLeadForUnknownCaller(phone)));
      expect(new Set(results.map((client) => client.id)).size).toBe(1);
      expect(results[0]).toMatchObject({ source: 'inbound-call', ownerRepId: null, temperature: 'warm' });
      const [row] = await db.query(`SELECT count(*)::int AS n FROM clients c JOIN client_phones p ON p.client_id = c.id WHERE p.e164 = $1`, [phone]);
      expect(row.n).toBe(1);
      const [orphans] = await db.query(`SELECT count(*)::int AS n FROM clients c WHERE name = $1`, [`Caller ${phone}`]);
      expect(orphans.n).toBe(1);
    });

    it('records call outcomes into temperature, ignoring replays', async () => {
      const client = await fx.client({ ownerRepId: owner.id, temperature: 'cold' });
      const clients = testApp.app.get(ClientsService);
      const at = new Date(Date.now() - 60_000);
      const first = await clients.recordCallOutcome({ clientId: client.id, outcome: 'answered', talkSeconds: 420, at });
      expect(first).toMatchObject({ temperature: 'hot', lastOutcome: 'answered' });
      expect(first.lastContactAt?.toISOString()).toBe(at.toISOString());
      await clients.recordCallOutcome({ clientId: client.id, outcome: 'no-answer', talkSeconds: 0, at: new Date(at.getTime() + 1000) });
      const replay = await clients.recordCallOutcome({ clientId: client.id, outcome: 'no-answer', talkSeconds: 0, at: new Date(at.getTime() + 1000) });
      expect(replay).toMatchObject({ temperature: 'hot', lastOutcome: 'no-answer' });
      const second = await clients.recordCallOutcome({ clientId: client.id, outcome: 'busy', talkSeconds: 0, at: new Date(at.getTime() + 2000) });
      expect(second.temperature).toBe('warm');
    });
    it('concurrent outcomes for one client: the latest contact wins, none is lost to a race', async () => {
      const clients = testApp.app.get(ClientsService);
      const base = Date.now() - 3_600_000;
      // Shuffled times: without the version check a late-landing older outcome would overwrite a newer one.
      const offsets = [7, 2, 19, 0, 11, 5, 16, 3, 13, 9, 1, 18, 6, 14, 4, 17, 8, 12, 10, 15];
      for (let round = 0; round < 5; round += 1) {
        const client = await fx.client({ ownerRepId: owner.id, temperature: 'cold' });
        await Promise.all(offsets.map((offset) => clients.applyCallOutcome({ clientId: client.id, outcome: offset === 19 ? 'answered' : 'no-answer', talkSeconds: offset === 19 ? 400 : 0, at: new Date(base + offset * 1000) })));
        const [row] = await db.query(`SELECT last_contact_at, last_outcome FROM clients WHERE id = $1`, [client.id]);
        expect(row.last_contact_at.toISOString()).toBe(new Date(base + 19_000).toISOString());
        expect(row.last_outcome).toBe('answered');
      }
    });
  });

  describe('deals', () => {
    it('ensureOpenDealForCall opens one deal per call, however often the call replays', async () => {
      const client = await fx.client({ ownerRepId: owner.id });
      const deals = testApp.app.get(DealsService);
      const callId = randomUUID();
      const input = { clientId: client.id, ownerRepId: owner.id, callId, reason: 'inbound-call' };
      const [a, b] = await Promise.all([deals.ensureOpenDealForCall(input), deals.ensureOpenDealForCall(input)]);
      const again = await deals.ensureOpenDealForCall(input);
      expect(new Set([a.deal.id, b.deal.id, again.deal.id]).size).toBe(1);
      expect([a.opened, b.opened, again.opened].filter(Boolean)).toHaveLength(1);
      expect(again.deal).toMatchObject({ clientId: client.id, ownerRepId: owner.id, openReason: 'inbound-call', openedByCallId: callId, status: 'open' });
      const other = await deals.ensureOpenDealForCall({ ...input, callId: randomUUID() });
      expect(other).toMatchObject({ opened: false, deal: { id: a.deal.id } });
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM deal_stage_changes WHERE deal_id = $1`, [a.deal.id]);
      expect(n).toBe(1);
      const stage = (await testApp.http.get(`/deals/${a.deal.id}`).set(fx.auth(owner.token)).expect(200)).body.stage;
      expect(stage.key).toBe('new');
      await expectEventually(() => expect(eventsFor('deal.opened', (event) => event.dealId === a.deal.id)).toHaveLength(1));
    });

    it('two calls racing for one client open one deal', async () => {
      const client = await fx.client({ ownerRepId: owner.id });
      const deals = testApp.app.get(DealsService);
      const results = await Promise.all(Array.from({ length: 4 }, () => deals.ensureOpenDealForCall({ clientId: client.id, callId: randomUUID(), reason: 'inbound-call' })));
      expect(new Set(results.map((result) => result.deal.id)).size).toBe(1);
      expect(results[0].deal.ownerRepId).toBe(owner.id);
    });

    it('moves stages, closes as won, and refuses changes after', async () => {
      const client = await fx.client({ ownerRepId: owner.id });
      const created = await testApp.http.post('/deals').set(fx.auth(owner.token)).send({ clientId: client.id }).expect(201);
      expect(created.body).toMatchObject({ status: 'open', ownerRepId: owner.id, stage: { key: 'new' } });
      expect((await testApp.http.post('/deals').set(fx.auth(owner.token)).send({ clientId: client.id }).expect(409)).body.code).toBe('CONFLICT');
      const id = created.body.id;
      await testApp.http.patch(`/deals/${id}`).set(fx.auth(peer.token)).send({ stageKey: 'qualified' }).expect(404);
      await testApp.http.patch(`/deals/${id}`).set(fx.auth(owner.token)).send({ stageKey: 'nonsense' }).expect(400);
      const moved = await testApp.http.patch(`/deals/${id}`).set(fx.auth(owner.token)).send({ stageKey: 'qualified' }).expect(200);
      expect(moved.body.stage.key).toBe('qualified');
      expect((await testApp.http.patch(`/deals/${id}`).set(fx.auth(owner.token)).send({ status: 'won' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      const won = await testApp.http.patch(`/deals/${id}`).set(fx.auth(owner.token)).send({ status: 'won', amount: 1999.5 }).expect(200);
      expect(won.body).toMatchObject({ status: 'won', amount: '1999.50' });
      expect(won.body.closedAt).toBeTruthy();
      expect((await testApp.http.patch(`/deals/${id}`).set(fx.auth(owner.token)).send({ stageKey: 'new' }).expect(409)).body.code).toBe('INVALID_STATE');
      const changes = await db.query(`SELECT to_status FROM deal_stage_changes WHERE deal_id = $1 ORDER BY at, to_status DESC`, [id]);
      expect(changes.map((row: { to_status: string }) => row.to_status)).toEqual(['open', 'open', 'won']);
      await expectEventually(() => expect(eventsFor('deal.stage-changed', (event) => event.dealId === id && event.status === 'won')).toHaveLength(1));
      const listed = await testApp.http.get('/deals').query({ clientId: client.id, status: 'won' }).set(fx.auth(supA)).expect(200);
      expect(listed.body.map((deal: { id: string }) => deal.id)).toEqual([id]);
      expect((await testApp.http.get('/deals').query({ clientId: client.id }).set(fx.auth(supB)).expect(200)).body).toEqual([]);
    });

    it('loses a deal only with a reason', async () => {
      const client = await fx.client({ ownerRepId: owner.id });
      const { id } = (await testApp.http.post('/deals').set(fx.auth(supA)).send({ clientId: client.id, stageKey: 'proposal' }).expect(201)).body;
      await testApp.http.patch(`/deals/${id}`).set(fx.auth(supA)).send({ status: 'lost' }).expect(400);
      const lost = await testApp.http.patch(`/deals/${id}`).set(fx.auth(supA)).send({ status: 'lost', lostReason: 'went with a competitor' }).expect(200);
      expect(lost.body).toMatchObject({ status: 'lost', lostReason: 'went with a competitor' });
    });
  });

  describe('tasks', () => {
    it('createIfAbsent makes one task per dedupe key and announces it once', async () => {
      const client = await fx.client({ ownerRepId: owner.id });
      const tasks = testApp.app.get(TasksService);
      const input = { type: 'callback' as const, clientId: client.id, assigneeRepId: owner.id, dueAt: new Date(Date.now() - 5 * 60_000), reason: 'missed call', dedupeKey: `callback:${randomUUID()}` };
      const [a, b] = await Promise.all([tasks.createIfAbsent(input), tasks.createIfAbsent(input)]);
      const again = await tasks.createIfAbsent(input);
      expect(new Set([a.task.id, b.task.id, again.task.id]).size).toBe(1);
      expect([a.created, b.created, again.created].filter(Boolean)).toHaveLength(1);
      expect(await tasks.hasOpenTask(client.id, ['callback'])).toBe(true);
      expect(await tasks.hasOpenTask(client.id, ['reminder'])).toBe(false);
      await expectEventually(() => expect(eventsFor('task.created', (event) => event.taskId === a.task.id)).toHaveLength(1));

      const mine = await testApp.http.get('/tasks').query({ assignee: 'me', status: 'open', overdue: 'true' }).set(fx.auth(owner.token)).expect(200);
      expect(mine.body.map((task: { id: string }) => task.id)).toContain(a.task.id);
      await testApp.http.get('/tasks').query({ assignee: owner.id }).set(fx.auth(supB)).expect(404);
      await testApp.http.get('/tasks').query({ overdue: 'maybe' }).set(fx.auth(owner.token)).expect(400);
      await testApp.http.patch(`/tasks/${a.task.id}`).set(fx.auth(peer.token)).send({ status: 'done' }).expect(404);
      await testApp.http.patch(`/tasks/${a.task.id}`).set(fx.auth(owner.token)).send({ status: 'finished' }).expect(400);
      const done = await testApp.http.patch(`/tasks/${a.task.id}`).set(fx.auth(owner.token)).send({ status: 'done' }).expect(200);
      expect(done.body).toMatchObject({ status: 'done' });
      expect(done.body.completedAt).toBeTruthy();
      expect((await testApp.http.patch(`/tasks/${a.task.id}`).set(fx.auth(supA)).send({ status: 'cancelled' }).expect(409)).body.code).toBe('INVALID_STATE');
      expect(await tasks.hasOpenTask(client.id)).toBe(false);
    });

    it('refuses a task for a client that does not exist', async () => {
      const tasks = testApp.app.get(TasksService);
      await expect(tasks.createIfAbsent({ type: 'callback', clientId: randomUUID(), dueAt: new Date(), reason: 'x', dedupeKey: `k:${randomUUID()}` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
