import { DataSource } from 'typeorm';
import { CrmFixtures } from '../crm/crm-fixtures';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

/**
 * `__proto__`, `constructor` and `prototype` keys, at any depth of any JSON body, are refused with
 * 400 VALIDATION_FAILED naming each key's path, and nothing is stored. Nest's ValidationPipe would
 * strip them silently (a key dropped is a key accepted); one check after the body parser refuses
 * them for every route. Bodies are sent as raw JSON text: a JS object literal would turn
 * "__proto__" into a prototype before it is sent.
 */
describe('prototype keys in request bodies (integration)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let fx: CrmFixtures;
  let auth: Record<string, string>;
  let teamId: string;
  let repId: string;
  let clientId: string;
  let dealId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = testApp.app.get(DataSource);
    const token = await loginAs(testApp, ADMIN.login, ADMIN.password);
    auth = { Authorization: `Bearer ${token}` };
    fx = new CrmFixtures(testApp, token);
    teamId = await fx.team('Proto');
    repId = (await fx.rep(teamId, 'mid', { login: false })).id;
    clientId = (await testApp.http.post('/clients').set(auth).send({ name: unique('Proto client '), phones: [fx.phone()], ownerRepId: repId }).expect(201)).body.id;
    dealId = (await testApp.http.post('/deals').set(auth).send({ clientId }).expect(201)).body.id;
  }, 60_000);
  afterAll(() => testApp?.close(), 30_000);

  const send = (method: 'post' | 'patch' | 'put', path: string, json: string, withAuth = true) => {
    const call = testApp.http[method](path).set('Content-Type', 'application/json');
    return (withAuth ? call.set(auth) : call).send(json);
  };
  /** A digest of the rows these requests could write. */
  const state = async (): Promise<unknown> =>
    db.query(`SELECT (SELECT md5(string_agg(x::text, '' ORDER BY x.id)) FROM clients x) AS clients, (SELECT md5(string_agg(x::text, '' ORDER BY x.id)) FROM reps x) AS reps,
                     (SELECT md5(string_agg(x::text, '' ORDER BY x.id)) FROM deals x) AS deals, (SELECT md5(string_agg(x::text, '' ORDER BY x.id)) FROM campaigns x) AS campaigns,
                     (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM teams) AS teams,
                     (SELECT count(*) FROM scorecard_templates) AS templates`);

  const cases: Array<[string, 'post' | 'patch' | 'put', () => string, () => string, string[]]> = [
    ['POST /auth/login, top level', 'post', () => '/auth/login', () => `{"login":"${ADMIN.login}","password":"${ADMIN.password}","__proto__":{"role":"admin"}}`, ['__proto__']],
    ['POST /clients, top level', 'post', () => '/clients', () => `{"name":"${unique('Proto ')}","phones":["${fx.phone()}"],"__proto__":{"doNotCall":true}}`, ['__proto__']],
    [
      'PUT /scorecard-templates, inside an array item',
      'put',
      () => '/scorecard-templates',
      () => '{"key":"proto","name":"Proto","criteria":[{"key":"greeting","label":"Greeting","weight":1,"maxPoints":5,"constructor":{"prototype":1}}]}',
      ['criteria[0].constructor', 'criteria[0].constructor.prototype'],
    ],
    ['PATCH /clients/:id, top level', 'patch', () => `/clients/${clientId}`, () => '{"temperature":"hot","constructor":{"name":"x"}}', ['constructor']],
    ['PATCH /reps/:id, top level', 'patch', () => `/reps/${repId}`, () => '{"tier":"strong","__proto__":{"enabled":false}}', ['__proto__']],
    ['PATCH /deals/:id, top level', 'patch', () => `/deals/${dealId}`, () => '{"stageKey":"qualified","prototype":{}}', ['prototype']],
    ['POST /teams, two at once', 'post', () => '/teams', () => `{"name":"${unique('Proto team ')}","__proto__":{},"x":{"prototype":1}}`, ['__proto__', 'x.prototype']],
    ['POST /campaigns, deep in settings', 'post', () => '/campaigns', () => `{"name":"${unique('Proto ')}","trigger":"list","teamId":"${teamId}","settings":{"window":{"__proto__":{"from":"08:00"},"from":"09:00","to":"20:00"}}}`, ['settings.window.__proto__']],
  ];

  it.each(cases)('%s → 400 VALIDATION_FAILED naming the key paths, nothing stored', async (_name, method, path, json, paths) => {
    const before = await state();
    const response = await send(method, path(), json());
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect((response.body.details.problems as Array<{ field: string }>).map((problem) => problem.field)).toEqual(paths);
    for (const field of paths) expect(response.body.message).toContain(field);
    expect(await state()).toEqual(before);
  });

  it('refuses before authentication: the body is checked before anything reads it', async () => {
    const response = await send('post', '/teams', '{"name":"x","__proto__":{}}', false);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('the same words as values, or inside longer keys, are ordinary data', async () => {
    const response = await send('patch', `/clients/${clientId}`, '{"temperature":"warm"}');
    expect(response.status).toBe(200);
    const named = await send('post', '/teams', `{"name":"constructor __proto__ prototype ${unique('')}"}`);
    expect(named.status).toBe(201);
    // An unknown key that merely contains the word is refused by the DTO, as any unknown key is.
    const unknown = await send('post', '/teams', `{"name":"${unique('Proto ')}","prototypes":1}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('prototypes');
  });
});
