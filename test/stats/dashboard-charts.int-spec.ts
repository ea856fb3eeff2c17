import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { CrmFixtures } from '../crm/crm-fixtures';
import { waitInPage } from '../support/page-wait';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DOCS = join(__dirname, '../../docs');

/** The supervisors' charts: calls per hour from the API, and the four charts drawn in Chromium under the page's CSP. */
describe('dashboard charts', () => {
  let testApp: TestApp;
  let url: string;
  let fx: CrmFixtures;
  let teamId: string;
  let supervisorLogin: string;
  let supervisorToken: string;
  let repId: string;
  const hour = new Date(Date.now() - 3_600_000);

  beforeAll(async () => {
    testApp = await startTestApp();
    url = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as { port: number }).port}`;
    fx = new CrmFixtures(testApp, await loginAs(testApp, ADMIN.login, ADMIN.password));
    teamId = await fx.team('Charts');
    supervisorLogin = unique('chartsup');
    await testApp.http.post('/users').set(fx.auth()).send({ login: supervisorLogin, displayName: 'Charts supervisor', password: 'password-1234', role: 'supervisor', teamId }).expect(201);
    supervisorToken = await loginAs(testApp, supervisorLogin, 'password-1234');
    repId = (await fx.rep(teamId, 'strong', { login: false })).id;
    await floorOfOneHour(testApp.app.get(DataSource));
  }, 60_000);

  afterAll(() => testApp?.close());

  /** An hour ago: two answered and one abandoned inbound call and one outbound call for the rep; a deal; two NPS answers. */
  async function floorOfOneHour(db: DataSource): Promise<void> {
    const client = await fx.client({ ownerRepId: repId });
    const deal = (await testApp.http.post('/deals').set(fx.auth()).send({ clientId: client.id, amount: 1200 }).expect(201)).body;
    const call = async (direction: string, answered: boolean, outcome: string): Promise<string> => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO calls (id, direction, asterisk_channel_id, client_id, rep_id, team_id, deal_id, answered_at, ended_at, outcome, talk_seconds, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $9)`,
        // An abandoned call has no rep and no team: it counts for the team of the client's owner.
        [id, direction, `charts-${id}`, client.id, answered ? repId : null, answered ? teamId : null, deal.id, answered ? hour : null, hour, outcome, answered ? 60 : null],
      );
      return id;
    };
    const first = await call('inbound', true, 'answered');
    await call('inbound', true, 'answered');
    await call('inbound', false, 'abandoned');
    await call('outbound', true, 'answered');
    for (const score of [10, 3]) await db.query(`INSERT INTO nps_responses (client_id, deal_id, rep_id, call_id, score) VALUES ($1, $2, $3, $4, $5)`, [client.id, deal.id, repId, first, score]);
  }

  it('GET /stats/calls-per-hour counts the team\'s calls in their clock hour', async () => {
    const from = new Date(hour.getTime() - 7_200_000).toISOString();
    const response = await testApp.http.get('/stats/calls-per-hour').query({ from }).set(fx.auth(supervisorToken)).expect(200);
    const expectedHour = `${hour.toISOString().slice(0, 13)}:00:00Z`;
    expect(response.body).toEqual([{ hour: expectedHour, inbound: 3, answered: 2, abandoned: 1, outbound: 1 }]);
    // Another team sees none of it.
    const otherSupervisor = await fx.supervisor(await fx.team('Charts other'));
    expect((await testApp.http.get('/stats/calls-per-hour').query({ from }).set(fx.auth(otherSupervisor)).expect(200)).body).toEqual([]);
    await testApp.http.get('/stats/calls-per-hour').query({ from: 'yesterday' }).set(fx.auth(supervisorToken)).expect(400);
  });

  describe('in headless Chromium', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    }, 30_000);

    afterAll(() => browser?.close());

    async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
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

    it('draws the funnel, plan vs fact, calls per hour and NPS trend with data and no CSP refusal', async () => {
      const { page, violations } = await watchedPage();
      await page.goto(`${url}/dashboard`);
      await page.fill('#login-name', supervisorLogin);
      await page.fill('#login-password', 'password-1234');
      await page.click('#login-submit');
      await waitInPage(page, `document.body.dataset.charts === 'ready'`, 15_000);
      const charts = ['chart-funnel', 'chart-plan', 'chart-hourly', 'chart-nps'];
      for (const id of charts) {
        // Drawn from data (not an empty chart), and pixels actually painted on the canvas.
        const drawn = (await page.evaluate(`(() => {
          const canvas = document.getElementById('${id}');
          const chart = window.Chart.getChart(canvas);
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
          return { points: Number(canvas.dataset.points), values: chart.data.datasets.flatMap((d) => d.data), height: canvas.clientHeight, painted };
        })()`)) as { points: number; values: number[]; height: number; painted: number };
        expect({ id, points: drawn.points > 0, tall: drawn.height > 100, painted: drawn.painted > 1000 }).toEqual({ id, points: true, tall: true, painted: true });
        if (id === 'chart-hourly') expect(drawn.values).toEqual([2, 1, 1]);
        if (id === 'chart-nps') expect(drawn.values).toEqual([0]); // one promoter, one detractor
      }
      await page.screenshot({ path: join(DOCS, 'dashboard-charts.png'), fullPage: true });
      expect(await violations()).toEqual([]);
    }, 45_000);
  });
});
