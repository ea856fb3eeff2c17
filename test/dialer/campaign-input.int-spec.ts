import { DataSource } from 'typeorm';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

/**
 * Campaign settings as the API receives them: prompts are an allow-list of media URIs and
 * prototype keys are refused at any depth, on create and on update, with nothing stored.
 */
describe('campaign settings input over HTTP (integration)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let auth: Record<string, string>;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = testApp.app.get(DataSource);
    auth = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
  });
  afterAll(() => testApp?.close(), 30_000);

  const campaignCount = async (): Promise<number> => Number((await db.query(`SELECT count(*) AS n FROM campaigns`))[0].n);
  // Raw JSON text: a JS object literal would turn "__proto__" into a prototype before it is sent.
  const create = (settingsJson: string) =>
    testApp.http.post('/campaigns').set(auth).set('Content-Type', 'application/json').send(`{"name":"${unique('Input ')}","trigger":"list","settings":${settingsJson}}`);

  it.each([
    ['{"prompts":{"question":["sound:../../../../etc/passwd"]}}', 'prompts.question'],
    ['{"prompts":{"question":["sound:/etc/passwd"]}}', 'prompts.question'],
    ['{"prompts":{"thanks":["recording:../../x"]}}', 'prompts.thanks'],
    ['{"prompts":{"menu":["sound:beep.gsm"]}}', 'prompts.menu'],
    ['{"__proto__":{"maxAttempts":5}}', '__proto__'],
    ['{"constructor":{"prototype":{"maxAttempts":5}}}', 'constructor'],
    ['{"prompts":{"__proto__":["sound:beep"]}}', 'prompts.__proto__'],
    ['{"retryDelaySeconds":{"constructor":5}}', 'retryDelaySeconds.constructor'],
  ])('POST /campaigns with settings %s → 400 VALIDATION_FAILED at %s, nothing stored', async (settings, field) => {
    const before = await campaignCount();
    const response = await create(settings);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(response.body.details)).toContain(field);
    expect(await campaignCount()).toBe(before);
  });

  it('PATCH /campaigns/:id refuses the same and keeps the stored prompts', async () => {
    const created = await create('{"prompts":{"question":["sound:custom/nps-question"]}}').expect(201);
    for (const settings of ['{"prompts":{"question":["sound:../../../../etc/passwd"]}}', '{"prompts":{"__proto__":["sound:x"]}}', '{"window":{"__proto__":{"from":"08:00"},"from":"09:00","to":"20:00"}}']) {
      const response = await testApp.http.patch(`/campaigns/${created.body.id}`).set(auth).set('Content-Type', 'application/json').send(`{"settings":${settings}}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const [row] = await db.query(`SELECT settings FROM campaigns WHERE id = $1`, [created.body.id]);
    expect(row.settings.prompts.question).toEqual(['sound:custom/nps-question']);
  });
});
