import { DataSource } from 'typeorm';
import { expectEventually } from '../support/eventually';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { callIn, callsFrom, freshCaller, SalesFloor, timeline } from '../support/sales-floor';
import { ensureAsterisk } from '../support/telephony';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The routing ladder end to end: real Asterisk, SIPp as the trunk (callers) and as the reps'
 * softphones, the service's own ARI adapter, PostgreSQL for clients, deals, calls and tasks.
 */
describe('inbound routing on the real Asterisk with SIPp', () => {
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

  const answeredCall = async (caller: string): Promise<Awaited<ReturnType<typeof callsFrom>>[number]> =>
    expectEventually(async () => {
      const [call] = await callsFrom(db, caller);
      expect(call?.ended_at).toBeTruthy();
      return call;
    }, 20_000);

  it('an unknown caller reaches a strong seller and becomes a client with a deal', async () => {
    await floor.addRep('mid', 'answer');
    const strong = await floor.addRep('strong', 'answer');
    const caller = freshCaller();
    const result = await (await callIn(caller, { talkMs: 1500 })).done;
    expect(result.successful).toBe(1);

    const call = await answeredCall(caller);
    expect(call).toMatchObject({ outcome: 'answered', route: 'strong', rep_id: strong.id });
    expect(call.client_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [client] = await db.query(`SELECT c.source, p.e164 FROM clients c JOIN client_phones p ON p.client_id = c.id WHERE c.id = $1`, [call.client_id]);
    expect(client).toEqual({ source: 'inbound-call', e164: caller });
    const [deal] = await db.query(`SELECT id, status, open_reason, opened_by_call_id FROM deals WHERE client_id = $1`, [call.client_id]);
    expect(deal).toMatchObject({ status: 'open', open_reason: 'inbound call', opened_by_call_id: call.id });
    expect(call.deal_id).toBe(deal.id);
    const types = (await timeline(db, call.id)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['call.started', 'client.identified', 'offer', 'call.answered', 'call.ended']));
    // Follow-up tasks are written after the call row, behind the routing path.
    await expectEventually(async () => {
      const [reminder] = await db.query(`SELECT type, assignee_rep_id FROM tasks WHERE source_call_id = $1`, [call.id]);
      expect(reminder).toEqual({ type: 'reminder', assignee_rep_id: strong.id });
    });
  });

  it('a known client reaches the rep who owns the relationship first', async () => {
    await floor.addRep('strong', 'answer');
    const owner = await floor.addRep('mid', 'answer');
    const caller = freshCaller();
    const clientId = await floor.client('Known Client GmbH', caller, owner.id);
    await (await callIn(caller, { talkMs: 1000 })).done;

    const call = await answeredCall(caller);
    expect(call).toMatchObject({ outcome: 'answered', route: 'owner', rep_id: owner.id, client_id: clientId });
    const offers = (await timeline(db, call.id)).filter((event) => event.type === 'offer');
    expect(offers).toEqual([expect.objectContaining({ data: expect.objectContaining({ repId: owner.id, rung: 'owner', reason: 'client owner is available' }) })]);
  });

  it('falls back to a strong seller when the owner does not answer, within the owner timeout', async () => {
    const owner = await floor.addRep('mid', 'no-answer');
    const strong = await floor.addRep('strong', 'answer');
    const caller = freshCaller();
    await floor.client('Slow Owner AG', caller, owner.id);
    // The caller's talk time starts when Asterisk answers to play music on hold: wait + talk.
    await (await callIn(caller, { talkMs: 8000 })).done;

    const call = await answeredCall(caller);
    expect(call).toMatchObject({ outcome: 'answered', route: 'strong', rep_id: strong.id });
    // Owner rang for ownerRingSeconds (5 s), then the strong seller answered after ~0.3 s.
    expect(call.wait_seconds).toBeGreaterThanOrEqual(4);
    expect(call.wait_seconds).toBeLessThanOrEqual(8);
    const events = await timeline(db, call.id);
    expect(events.filter((event) => event.type.startsWith('offer')).map((event) => [event.type, event.data.repId, event.data.reason ?? null])).toEqual([
      ['offer', owner.id, 'client owner is available'],
      ['offer.failed', owner.id, 'no-answer'],
      ['offer', strong.id, 'strong seller: owner did not answer'],
    ]);
  });

  it('skips a busy rep and pauses a rep who misses two calls in a row', async () => {
    const noAnswer = await floor.addRep('strong', 'no-answer');
    const busy = await floor.addRep('strong', 'busy');
    const caller = freshCaller();
    await floor.client('Twice Missed KG', caller, noAnswer.id);
    await (await callIn(caller, { hangupAfterMs: 14_000 })).done;
    const [first] = await callsFrom(db, caller);
    const offers = (await timeline(db, first.id)).filter((event) => event.type === 'offer.failed').map((event) => [event.data.repId, event.data.reason]);
    expect(offers).toEqual(expect.arrayContaining([[noAnswer.id, 'no-answer'], [busy.id, 'busy']]));
    await floor.waitForState(busy.id, 'available');
    // Second miss of the same rep in a row: paused with reason no-answer.
    await floor.setState(busy.id, 'paused');
    await (await callIn(freshCaller(), { hangupAfterMs: 7_000 })).done;
    await expectEventually(async () => {
      const rep = (await floor.floor()).find((entry) => entry.repId === noAnswer.id);
      expect(rep).toMatchObject({ state: 'paused', pauseReason: 'no-answer' });
    }, 10_000);
  });

  it('lets mid-tier reps join after the configured wait when no strong seller is free', async () => {
    const strong = await floor.addRep('strong', 'answer');
    await floor.setState(strong.id, 'paused');
    const mid = await floor.addRep('mid', 'answer');
    const caller = freshCaller();
    await (await callIn(caller, { talkMs: 9000 })).done;

    const call = await answeredCall(caller);
    expect(call).toMatchObject({ outcome: 'answered', route: 'mid', rep_id: mid.id });
    expect(call.wait_seconds).toBeGreaterThanOrEqual(6);
    expect(call.wait_seconds).toBeLessThanOrEqual(9);
  });

  it('queues callers when everyone is busy and serves the longest waiter first', async () => {
    const strong = await floor.addRep('strong', 'answer');
    const [busyCaller, first, second] = [freshCaller(), freshCaller(), freshCaller()];
    const occupying = await callIn(busyCaller, { talkMs: 4000 });
    await floor.waitForState(strong.id, 'on-call');
    const firstRun = await callIn(first, { talkMs: 7000 });
    await expectEventually(async () => expect(await callsFrom(db, first)).toHaveLength(1));
    const secondRun = await callIn(second, { talkMs: 12000 });
    await Promise.all([occupying.done, firstRun.done, secondRun.done]);

    // Both rows are written behind the routing path: wait until each has its answer and its end.
    const [answeredA, answeredB] = await expectEventually(async () => {
      const rows = [(await callsFrom(db, first))[0], (await callsFrom(db, second))[0]];
      for (const row of rows) {
        expect(row).toMatchObject({ outcome: 'answered', rep_id: strong.id });
        expect(row.ended_at).not.toBeNull();
      }
      return rows;
    }, 20_000);
    expect(new Date(answeredA.answered_at as Date).getTime()).toBeLessThan(new Date(answeredB.answered_at as Date).getTime());
    expect(answeredA.wait_seconds).toBeGreaterThanOrEqual(2);
  });

  it('turns a caller who hangs up in the queue into a callback task', async () => {
    const owner = await floor.addRep('strong', 'answer');
    await floor.setState(owner.id, 'paused');
    const caller = freshCaller();
    const clientId = await floor.client('Impatient Ltd', caller, owner.id);
    await (await callIn(caller, { hangupAfterMs: 2000 })).done;

    const call = await expectEventually(async () => {
      const [row] = await callsFrom(db, caller);
      expect(row?.outcome).toBe('abandoned');
      return row;
    }, 15_000);
    const task = await expectEventually(async () => {
      const [row] = await db.query(`SELECT type, client_id, assignee_rep_id, dedupe_key, status FROM tasks WHERE source_call_id = $1`, [call.id]);
      expect(row).toBeTruthy();
      return row;
    });
    expect(task).toEqual({ type: 'callback', client_id: clientId, assignee_rep_id: owner.id, dedupe_key: `callback:${call.id}`, status: 'open' });
  });
});
