import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { CRM_MAINTENANCE_QUEUE } from '../../src/crm/crm-maintenance.queue';
import { expectEventually } from '../support/eventually';
import { badInputsFor, BadInput, MISSING_UUID } from './bad-inputs';
import { operationKeys, operationOf } from './openapi';
import { OPERATIONS } from './operations';
import { send } from './send';
import { startSeededWorld, World } from './seeded-world';

/**
 * Property-style pass over every operation's documented request: each bad input generated from
 * the OpenAPI document (bad-inputs.ts) must be refused with 400 and a stable validation code,
 * never a 5xx, and must change nothing in the database. A new endpoint or field is covered as
 * soon as the document describes it.
 */

/** The codes a refused input may carry. */
const VALIDATION_CODES = ['VALIDATION_FAILED', 'INVALID_JSON', 'INVALID_PHONE_NUMBER'];

/**
 * Cases whose right answer belongs to another part of issue #10 and is being changed there; each
 * names its concern. They are still sent (and must not be 5xx), but their status is not asserted.
 */
const KNOWN_ELSEWHERE: Record<string, string> = {};

/** Tables a refused request may legitimately touch: the audit trail records denials. */
const VOLATILE_TABLES = ['audit_log', 'migrations'];

describe('bad input on every documented body, query and path parameter (seeded data)', () => {
  let w: World;

  beforeAll(async () => {
    w = await startSeededWorld('badinput');
    // The minute-by-minute CRM maintenance job reassigns tasks and clients on its own; paused (on
    // this suite's own queue prefix), it cannot pass for a change made by a refused request.
    const maintenance = w.testApp.app.get<Queue>(getQueueToken(CRM_MAINTENANCE_QUEUE));
    await maintenance.pause();
    await expectEventually(async () => expect(await maintenance.getActiveCount()).toBe(0), 30_000);
  }, 120_000);
  afterAll(() => w?.dispose(), 30_000);

  /** One digest per table: any insert, update or delete shows up as a change. */
  async function fingerprint(): Promise<Record<string, string>> {
    const tables: Array<{ name: string }> = await w.db.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY($1)) ORDER BY 1`, [VOLATILE_TABLES]);
    const digests: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await w.db.query(`SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') AS digest FROM "${name}" t`);
      digests[name] = `${row.n}:${row.digest}`;
    }
    return digests;
  }

  it('refuses every generated bad input with 400 and a validation code, never 5xx, and stores nothing', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const key of operationKeys(w.doc)) {
      const build = OPERATIONS[key];
      if (!build) {
        failures.push(`${key}: not in OPERATIONS (the contract suite says so too)`);
        continue;
      }
      const valid = build(w);
      const inputs: BadInput[] = badInputsFor(w.doc, operationOf(w.doc, key), valid);
      if (inputs.length === 0) continue;
      const before = await fingerprint();
      for (const input of inputs) {
        cases += 1;
        const response = await send(w, key, { as: valid.as, signed: valid.signed, params: input.params ?? valid.params, query: input.query ?? valid.query, body: 'body' in input ? input.body : valid.body });
        const label = `${key} ${input.name}`;
        const known = KNOWN_ELSEWHERE[label];
        const refused = input.missingReference
          ? response.status >= 400 && response.status < 500 && typeof response.body?.code === 'string'
          : response.status === 400 && VALIDATION_CODES.includes(response.body?.code);
        if (response.status >= 500) failures.push(`${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        else if (!known && !refused) {
          failures.push(`${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        }
      }
      const after = await fingerprint();
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length) failures.push(`${key}: bad inputs changed ${changed.join(', ')}`);
    }
    // The figure the closing note reports; a sanity floor so a broken generator cannot pass quietly.
    process.stdout.write(`bad-input cases sent: ${cases}\n`);
    expect(cases).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 600_000);

  it('names a team that does not exist as 404 NOT_FOUND before inserting a campaign', async () => {
    const count = async () => (await w.db.query(`SELECT count(*)::int AS n FROM campaigns`))[0].n;
    const before = await count();
    const response = await send(w, 'POST /campaigns', { as: 'admin', body: { name: 'Nowhere NPS', trigger: 'list', teamId: MISSING_UUID } });
    expect([response.status, response.body.code, response.body.details]).toEqual([404, 'NOT_FOUND', { entity: 'team', id: MISSING_UUID }]);
    expect(await count()).toBe(before);
  });
});
