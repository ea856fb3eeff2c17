import { DataSource } from 'typeorm';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { ObjectStorage } from '../../src/storage/object-storage';
import { startTestApp, TestApp } from '../support/test-app';
import { AUTHORIZATION_MATRIX, expectedStatus, MatrixRequest, MatrixRow } from './authorization.matrix';
import { AuthorizationWorld, Role, ROLES, Scope } from './authorization.world';
import { pauseMaintenance, quietQueueEnv } from './quiet-maintenance';

/**
 * Walks the authorization matrix against the real application (PostgreSQL, Redis, S3): every
 * operation of /docs-json × role × whose rows → the status of the table; a 2xx body to a non-admin
 * never holds another team's ids; a refused write changes nothing.
 */
describe('authorization matrix (integration)', () => {
  let testApp: TestApp;
  let world: AuthorizationWorld;
  let documented: string[];

  beforeAll(async () => {
    testApp = await startTestApp(quietQueueEnv('authz'));
    await pauseMaintenance(testApp);
    world = new AuthorizationWorld(testApp, testApp.app.get(DataSource), testApp.app.get(ObjectStorage));
    await world.build();
    const doc = (await testApp.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
  }, 120_000);

  afterAll(() => testApp?.close(), 30_000);

  it('covers every operation of the OpenAPI document, and names none the document lacks', () => {
    const covered = new Set(AUTHORIZATION_MATRIX.map((row) => row.op));
    expect(documented.filter((op) => !covered.has(op))).toEqual([]);
    expect([...covered].filter((op) => !documented.includes(op))).toEqual([]);
  });

  const cells = AUTHORIZATION_MATRIX.flatMap((row) => row.scopes.flatMap((scope) => ROLES.map((role) => ({ row, scope, role }))));

  it.each(cells.map((cell) => [label(cell.row, cell.role, cell.scope), cell]))('%s', async (_label, { row, scope, role }) => {
    const rows = world.rows[scope === 'none' ? 'own' : scope];
    const request = await row.request(world, rows, role);
    const expected = expectedStatus(row, role, scope);
    const refusedWrite = request.method !== 'get' && expected >= 400;
    const before = refusedWrite ? await snapshot(row) : null;
    const response = await send(request, role);
    expect({ status: response.status, body: response.status === expected ? undefined : response.body }).toEqual({ status: expected, body: undefined });
    if (response.status < 300) {
      const text = response.text ?? JSON.stringify(response.body);
      expect(world.hiddenFrom(role).filter((id) => text.includes(id))).toEqual([]);
    }
    if (before) expect(await snapshot(row)).toEqual(before);

    async function snapshot(of: MatrixRow): Promise<{ db: string; probe: unknown }> {
      // Rep states reach the database through a queue: let earlier cells' writes land first.
      await testApp.app.get(RepRosterService).flush();
      return { db: await world.fingerprint(), probe: of.probe ? await of.probe(world, rows) : null };
    }
  });

  function send(request: MatrixRequest, role: Role) {
    let call = testApp.http[request.method](request.path).set(world.auth(role));
    if (request.query) call = call.query(request.query);
    return request.body === undefined ? call : call.send(request.body as object);
  }
});

function label(row: MatrixRow, role: Role, scope: Scope): string {
  return `${row.op}${row.variant ? ` [${row.variant}]` : ''} as ${role}${scope === 'none' ? '' : ` on ${scope} rows`} → ${expectedStatus(row, role, scope)}`;
}
