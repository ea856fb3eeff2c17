import { DataSource } from 'typeorm';
import { expectEventually } from '../support/eventually';
import { FAST_ROUTING_ENV } from '../support/routing-env';
import { freshCaller, SalesFloor } from '../support/sales-floor';
import { SippRun, startSipp } from '../support/sipp';
import { ensureAsterisk } from '../support/telephony';
import { loginAs, startTestApp, TestApp } from '../support/test-app';

/** Click-to-call: the rep's softphone rings first, then the client is dialed through the trunk. */
describe('click-to-call on the real Asterisk with SIPp', () => {
  let testApp: TestApp;
  let floor: SalesFloor;
  let clientPhone: SippRun;
  let repToken: string;
  let repId: string;

  beforeAll(async () => {
    await ensureAsterisk();
    testApp = await startTestApp(FAST_ROUTING_ENV);
    floor = new SalesFloor(testApp);
    await floor.setUp();
    const rep = await floor.addRep('mid', 'answer');
    repId = rep.id;
    repToken = await loginAs(testApp, rep.login, 'rep-password-123');
    // The trunk's far end (the PSTN) is a SIPp phone at the trunk contact 127.0.0.2:5070.
    clientPhone = startSipp({ scenario: 'uas-answer.xml', localIp: '127.0.0.2', localPort: 5070, calls: 100, vars: { ring_ms: 500, talk_ms: 1500 } });
  }, 60_000);

  afterAll(async () => {
    await clientPhone?.stop(500);
    await floor?.tearDown();
    await testApp?.close();
  }, 60_000);

  const click = (body: Record<string, unknown>) => testApp.http.post('/calls/click-to-call').set('Authorization', `Bearer ${repToken}`).send(body);

  it('rings the rep, dials the client, bridges them and attaches the call to the client\'s deal', async () => {
    const phone = freshCaller();
    const clientId = await floor.client('Outbound Target GmbH', phone, repId);
    const started = await click({ clientId }).expect(202);
    expect(started.body).toMatchObject({ clientId, phone });
    const db = testApp.app.get(DataSource);
    const call = await expectEventually(async () => {
      const [row] = await db.query(`SELECT * FROM calls WHERE id = $1`, [started.body.callId]);
      expect(row?.ended_at).toBeTruthy();
      return row;
    }, 20_000);
    expect(call).toMatchObject({ direction: 'outbound', route: 'click-to-call', outcome: 'answered', rep_id: repId, client_id: clientId, callee_e164: phone, deal_id: started.body.dealId });
    expect(call.talk_seconds).toBeGreaterThanOrEqual(1);
    const [deal] = await db.query(`SELECT client_id, status FROM deals WHERE id = $1`, [started.body.dealId]);
    expect(deal).toEqual({ client_id: clientId, status: 'open' });
    await floor.waitForState(repId, 'available');
  });

  it('refuses do-not-call clients, blocked prefixes, bad numbers and other reps\' clients before dialing', async () => {
    const dncPhone = freshCaller();
    const dnc = await floor.client('Do Not Call AG', dncPhone, repId);
    await testApp.http.patch(`/clients/${dnc}`).set(floor.auth()).send({ doNotCall: true, doNotCallReason: 'asked by phone' }).expect(200);
    expect((await click({ clientId: dnc }).expect(409)).body.code).toBe('DO_NOT_CALL');
    expect((await click({ phone: '+49900123456' }).expect(409)).body.code).toBe('BLOCKED_PREFIX');
    expect((await click({ phone: '12;PJSIP/evil' }).expect(400)).body.code).toBe('INVALID_PHONE_NUMBER');
    expect((await click({ phone: '+49170&PJSIP/x' }).expect(400)).body.code).toBe('INVALID_PHONE_NUMBER');
    expect((await click({ clientId: 'not-a-uuid' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const other = await floor.addRep('mid', 'answer');
    const othersClient = await floor.client('Someone Else Ltd', freshCaller(), other.id);
    // Someone else's client answers exactly like a client that does not exist.
    const hidden = (await click({ clientId: othersClient }).expect(404)).body;
    const missing = (await click({ clientId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body;
    expect({ ...hidden, message: hidden.message.replace(othersClient, 'ID'), details: { ...hidden.details, id: 'ID' } }).toEqual({ ...missing, message: missing.message.replace('00000000-0000-4000-8000-000000000000', 'ID'), details: { ...missing.details, id: 'ID' } });
    const [{ n }] = await testApp.app.get(DataSource).query(`SELECT count(*)::int AS n FROM calls WHERE callee_e164 = $1`, [dncPhone]);
    expect(n).toBe(0);
  });
});
