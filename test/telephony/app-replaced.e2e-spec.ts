import pino from 'pino';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/app-config';
import { AriClient } from '../../src/telephony/ari/ari.client';
import { expectEventually } from '../support/eventually';
import { ariSettings, ensureAsterisk } from '../support/telephony';
import { startTestApp, TestApp, unique } from '../support/test-app';

/**
 * Another connection takes the service's Stasis app, on the real Asterisk: first a second
 * instance of the service (it answers holder checks, as a real one would), then a bare websocket
 * (nobody of ours). The app gets its own name here, so no other suite's calls are affected.
 */
describe('the Stasis app taken by another connection (real Asterisk)', () => {
  const app = unique('salescall-test-replaced-');
  let testApp: TestApp;

  const ari = async (): Promise<{ status: number; error?: string }> => {
    const response = await testApp.http.get('/health');
    return { status: response.status, error: response.body.components?.ari?.error };
  };

  /** A bare events websocket for the app, as any process with the ARI password could open. */
  function bareSocket(): Promise<WebSocket> {
    const settings = ariSettings();
    const ws = new WebSocket(`${settings.url.replace(/^http/, 'ws')}/events?app=${app}&api_key=${settings.user}:${settings.password}`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }

  beforeAll(async () => {
    await ensureAsterisk();
    testApp = await startTestApp({ ARI_APP: app });
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.ari.status).toBe('up'), 20_000);
  }, 120_000);
  afterAll(() => testApp?.close());

  it('reports 503 replaced while a second instance holds the app, and takes it back once that instance is gone', async () => {
    const second = new AriClient(loadConfig({ ...process.env, ARI_APP: app }).ari, pino({ level: 'silent' }));
    second.connect();
    try {
      await expectEventually(async () => expect(await ari()).toEqual({ status: 503, error: 'replaced' }), 10_000);
      await expectEventually(() => expect(second.health().state).toBe('connected'));
      // The second instance answers the holder checks: the app stays with it, loudly (two checks: 1-2 s, then 2-4 s).
      const stillReplacedUntil = Date.now() + 8_000;
      while (Date.now() < stillReplacedUntil) {
        expect(await ari()).toEqual({ status: 503, error: 'replaced' });
        expect(second.health().state).toBe('connected');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await second.close();
    }
    await expectEventually(async () => expect((await ari()).error).toBeUndefined(), 30_000, 250);
  }, 90_000);

  it('a bare connection that takes the app is not one of ours: the service takes the app back and holds it', async () => {
    const bare = await bareSocket();
    const bareEvents: string[] = [];
    bare.on('message', (data) => bareEvents.push(JSON.parse(String(data)).type));
    try {
      await expectEventually(async () => expect(await ari()).toEqual({ status: 503, error: 'replaced' }), 10_000);
      // Nobody answers the holder check: the service registers again and Asterisk tells the bare socket.
      await expectEventually(() => expect(bareEvents).toContain('ApplicationReplaced'), 30_000, 100);
      await expectEventually(async () => expect((await ari()).error).toBeUndefined(), 10_000);
    } finally {
      bare.terminate();
    }
  }, 60_000);
});
