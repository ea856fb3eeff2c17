import { createHash, randomUUID } from 'node:crypto';
import { Browser, chromium, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { buildWav } from '../../src/recordings/wav.util';
import { ObjectStorage } from '../../src/storage/object-storage';
import { CrmFixtures } from '../crm/crm-fixtures';
import { LocalS3 } from '../recordings/recordings-harness';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The HTTP edge of the real app: security headers, caching, the bearer scheme, and the two pages under the CSP in Chromium. */
describe('HTTP edges: security headers, no-store, bearer scheme, CSP in a real browser', () => {
  let s3: LocalS3;
  let testApp: TestApp;
  let url: string;
  let adminToken: string;
  let fx: CrmFixtures;
  let teamId: string;

  beforeAll(async () => {
    s3 = await LocalS3.start();
    testApp = await startTestApp({ S3_PORT: String(s3.port) });
    url = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as { port: number }).port}`;
    adminToken = await loginAs(testApp, ADMIN.login, ADMIN.password);
    fx = new CrmFixtures(testApp, adminToken);
    teamId = await fx.team('Edges');
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await s3?.dispose();
  });

  describe('headers', () => {
    it('API answers, errors included: nosniff, no framing, a CSP without inline code, never cached', async () => {
      for (const response of [
        await testApp.http.get('/auth/me').set('Authorization', `Bearer ${adminToken}`).expect(200),
        await testApp.http.get('/reps').expect(401),
        await testApp.http.post('/auth/login').send({ login: 'x' }).expect(400),
        // Refused before any route: by the JSON parser and by the prototype-key check after it.
        await testApp.http.post('/auth/login').set('Content-Type', 'application/json').send('{"login": ').expect(400),
        await testApp.http.post('/auth/login').set('Content-Type', 'application/json').send('{"login": "x", "__proto__": {"role": "admin"}}').expect(400),
      ]) {
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(response.headers['content-security-policy']).toContain("script-src 'self'");
        expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('the pages and their assets may be revalidated (no-cache) and carry the same CSP', async () => {
      for (const path of ['/dashboard', '/dashboard/dashboard.js', '/dashboard/dashboard.css', '/trainer', '/trainer/trainer.js', '/trainer/trainer.css', '/workspace', '/workspace/workspace.js', '/workspace/workspace.css']) {
        const response = await testApp.http.get(path).expect(200);
        expect(response.headers['cache-control']).toBe('no-cache');
        expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      }
    });
  });

  describe('the bearer scheme is required', () => {
    it.each([
      ['a bare token', 401, (token: string) => token],
      ['another scheme', 401, (token: string) => `Token ${token}`],
      ['"Bearer" glued to the token', 401, (token: string) => `Bearer${token}`],
      ['Bearer', 200, (token: string) => `Bearer ${token}`],
      ['bearer in lower case', 200, (token: string) => `bearer ${token}`],
      ['BEARER in upper case', 200, (token: string) => `BEARER ${token}`],
    ])('%s → %d', async (_case, status, header) => {
      const response = await testApp.http.get('/auth/me').set('Authorization', header(adminToken)).expect(status);
      if (status === 401) expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Bearer/) });
    });

    it('on the socket.io handshake: an Authorization header needs the scheme; auth.token is the token itself', async () => {
      const handshake = (options: { auth?: Record<string, string>; extraHeaders?: Record<string, string> }): Promise<string> =>
        new Promise((resolve) => {
          const socket = io(`${url}/live`, { ...options, transports: ['websocket'], reconnection: false, forceNew: true });
          socket.once('connect', () => {
            socket.disconnect();
            resolve('connected');
          });
          socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
        });
      expect(await handshake({ extraHeaders: { Authorization: adminToken } })).toBe('UNAUTHENTICATED');
      expect(await handshake({ extraHeaders: { Authorization: `Bearer ${adminToken}` } })).toBe('connected');
      expect(await handshake({ auth: { token: adminToken } })).toBe('connected');
      expect(await handshake({ auth: { token: `Bearer ${adminToken}` } })).toBe('connected');
    });
  });

  describe('the two pages pass the CSP in headless Chromium', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    }, 30_000);

    afterAll(() => browser?.close());

    /** A page that records every CSP violation: the browser's console line and the DOM event. */
    async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
      const page = await browser.newPage();
      const console: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
      });
      await page.addInitScript(`
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
      `);
      return { page, violations: async () => [...console, ...((await page.evaluate('window.__cspViolations')) as string[])] };
    }

    async function user(role: 'supervisor' | 'trainer'): Promise<string> {
      const login = unique(role);
      await testApp.http.post('/users').set(fx.auth()).send({ login, displayName: `${role} ${login}`, password: 'password-1234', role, teamId }).expect(201);
      return login;
    }

    it('/dashboard signs in and goes live over socket.io', async () => {
      const login = await user('supervisor');
      const { page, violations } = await watchedPage();
      await page.goto(`${url}/dashboard`);
      await page.fill('#login-name', login);
      await page.fill('#login-password', 'password-1234');
      await page.click('#login-submit');
      await page.waitForSelector('#conn[data-state="live"]', { timeout: 10_000 });
      // The stylesheet applied (it was inline before the CSP): the header is dark.
      expect(await page.evaluate(`getComputedStyle(document.querySelector('header')).backgroundColor`)).toBe('rgb(29, 35, 48)');
      expect(await violations()).toEqual([]);
    }, 30_000);

    it('/trainer signs in, lists recordings and plays one from the object store', async () => {
      const db = testApp.app.get(DataSource);
      const rep = await fx.rep(teamId, 'mid', { login: false });
      const client = await fx.client({});
      const callId = randomUUID();
      await db.query(
        `INSERT INTO calls (id, direction, asterisk_channel_id, client_id, rep_id, team_id, answered_at, ended_at, outcome) VALUES ($1, 'inbound', $2, $3, $4, $5, now(), now(), 'answered')`,
        [callId, `edges-${callId}`, client.id, rep.id, teamId],
      );
      const samples = new Int16Array(16_000).map((_, i) => Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
      const wav = buildWav(samples);
      const key = `edges/${callId}.wav`;
      await testApp.app.get(ObjectStorage).put(key, wav, {});
      const [recording] = await db.query(
        `INSERT INTO recordings (call_id, asterisk_name, status, object_key, sha256, size_bytes, duration_seconds, stored_at) VALUES ($1, $2, 'stored', $3, $4, $5, 2, now()) RETURNING id`,
        [callId, randomUUID(), key, createHash('sha256').update(wav).digest('hex'), wav.length],
      );

      const login = await user('trainer');
      const { page, violations } = await watchedPage();
      await page.goto(`${url}/trainer`);
      await page.fill('#login input[name=login]', login);
      await page.fill('#login input[name=password]', 'password-1234');
      await page.click('#login button[type=submit]');
      await page.locator(`#list tbody tr[data-id="${recording.id}"]`).click();
      // Polled from here: waitForFunction would evaluate a string inside the page, which this very CSP forbids.
      await expectEventually(async () => expect(await page.evaluate(`document.querySelector('#audio').readyState`)).toBeGreaterThanOrEqual(2), 15_000, 200);
      expect(await page.evaluate(`getComputedStyle(document.querySelector('#player')).display`)).not.toBe('none');
      expect(await violations()).toEqual([]);
    }, 30_000);

    it('/docs (Swagger UI) renders: its inline styles are allowed there only, scripts stay strict', async () => {
      const { page, violations } = await watchedPage();
      await page.goto(`${url}/docs`);
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 15_000 });
      expect(await violations()).toEqual([]);
      const csp = (await testApp.http.get('/docs').expect(200)).headers['content-security-policy'];
      expect(csp).toContain("script-src 'self';");
      expect((await testApp.http.get('/dashboard').expect(200)).headers['content-security-policy']).toContain("style-src 'self';");
    }, 30_000);
  });
});
