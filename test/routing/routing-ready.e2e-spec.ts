import { RepRosterService } from '../../src/routing/rep-roster.service';
import { isRoutable } from '../../src/routing/roster.types';
import { expectEventually } from '../support/eventually';
import { ensureAsterisk } from '../support/telephony';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

/**
 * A restart on the real Asterisk: the rep's phone (a static SIP contact) is up the whole time. The
 * new instance must know that before its Stasis app is registered and calls can arrive, not
 * after a later periodic check. The app gets its own name, so no other suite's calls are affected.
 */
describe('routing is ready when a restarted instance takes calls (real Asterisk)', () => {
  const app = unique('salescall-test-ready-');
  let testApp: TestApp | undefined;

  beforeAll(() => ensureAsterisk(), 120_000);
  afterAll(() => testApp?.close());

  it('the rep whose phone is up is routable as soon as the new instance is up', async () => {
    testApp = await startTestApp({ ARI_APP: app });
    const auth = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    const teamId = (await testApp.http.post('/teams').set(auth).send({ name: unique('Ready ') }).expect(201)).body.id;
    const login = unique('ready.').replace(/[^a-z0-9._-]/g, '');
    const created = await testApp.http.post('/reps').set(auth).send({ login, displayName: 'Ready Rep', password: 'rep-password-123', teamId, tier: 'strong', sipStaticContact: `sip:rep-${login.replace(/[^a-z0-9_-]/g, '-')}@127.0.0.1:5999` }).expect(201);
    const repId = created.body.id as string;
    await expectEventually(() => expect(isRoutable(testApp!.app.get(RepRosterService).get(repId)!)).toBe(true), 20_000);
    await testApp.close();

    // The restart. Nothing is waited for: the roster must already know.
    testApp = await startTestApp({ ARI_APP: app });
    const rep = testApp.app.get(RepRosterService).get(repId);
    expect(rep).toMatchObject({ reachable: true, state: 'available' });
    await expectEventually(async () => expect((await testApp!.http.get('/health')).body.components.ari.status).toBe('up'), 20_000);
  }, 120_000);
});
