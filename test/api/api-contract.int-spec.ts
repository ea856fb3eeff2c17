import { ADMIN } from '../support/test-app';
import { operationKeys, operationOf, schemaProblems, Schema } from './openapi';
import { OPERATIONS } from './operations';
import { send } from './send';
import { startSeededWorld, World } from './seeded-world';

/**
 * The API contract: every operation the app's own OpenAPI document lists is called once with
 * realistic data on the seeded demo set, and its answer must match what the document promises
 * (status, content type, response schema). An operation added to the app without an entry in
 * OPERATIONS, or an entry whose operation is gone, fails the suite.
 */

/**
 * Operations whose success answer the document does not describe yet. Exact: documenting one
 * fails the suite until it leaves this list, so the list only shrinks.
 */
const RESPONSES_NOT_YET_DOCUMENTED: string[] = [];

/** Error bodies (HttpErrorFilter): a stable code and a message. */
const ERROR_BODY: Schema = { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } };

describe('API contract (OpenAPI document vs. the running app, seeded data)', () => {
  let w: World;

  beforeAll(async () => {
    // Deliveries go to a closed port: they fail, which is what a retry is for.
    w = await startSeededWorld('contract', { WEBHOOK_URL: 'http://127.0.0.1:9/salescall-hook', WEBHOOK_SECRET: 'contract-suite-webhook-secret' });
  }, 120_000);
  afterAll(() => w?.dispose(), 30_000);

  it('lists every operation of the document, and only those', () => {
    const documented = operationKeys(w.doc).sort();
    const listed = Object.keys(OPERATIONS).sort();
    expect({ missingFromSuite: documented.filter((key) => !listed.includes(key)), goneFromDocument: listed.filter((key) => !documented.includes(key)) }).toEqual({
      missingFromSuite: [],
      goneFromDocument: [],
    });
  });

  it('documents a response schema for every JSON answer, and no example holds a real secret', () => {
    const undocumented = operationKeys(w.doc).filter((key) =>
      Object.entries(operationOf(w.doc, key).responses).some(([status, response]) => status.startsWith('2') && status !== '204' && !response.content),
    );
    expect(undocumented.sort()).toEqual([...RESPONSES_NOT_YET_DOCUMENTED].sort());
    const text = JSON.stringify(w.doc);
    expect(text).not.toContain(ADMIN.password);
  });

  it('answers every operation as documented', async () => {
    const failures: string[] = [];
    for (const [key, build] of Object.entries(OPERATIONS)) {
      const call = build(w);
      const response = await send(w, key, call);
      const problems: string[] = [];
      if (response.status !== call.expect) problems.push(`status ${response.status}, expected ${call.expect}: ${JSON.stringify(response.body).slice(0, 300)}`);
      else if (response.status >= 400) problems.push(...errorProblems(key, response.status, response.body));
      else if (!RESPONSES_NOT_YET_DOCUMENTED.includes(key)) problems.push(...responseProblems(key, response.status, response.headers['content-type'], response.body, response.text ?? response.body));
      if (problems.length) failures.push(`${key}: ${problems.slice(0, 5).join('; ')}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  /** An error answer must be documented for its status, and carry the coded error body. */
  function errorProblems(key: string, status: number, body: unknown): string[] {
    const schema = operationOf(w.doc, key).responses[String(status)]?.content?.['application/json']?.schema;
    if (!schema) return [`error status ${status} is not documented`];
    return [...schemaProblems(w.doc, schema, body), ...schemaProblems(w.doc, ERROR_BODY, body)];
  }

  function responseProblems(key: string, status: number, contentType: string | undefined, body: unknown, raw: string | Buffer): string[] {
    const documented = operationOf(w.doc, key).responses[String(status)];
    if (!documented) return [`status ${status} is not documented`];
    if (status === 204) return raw && raw.length ? ['204 with a body'] : [];
    const types = Object.keys(documented.content ?? {});
    const mediaType = (contentType ?? '').split(';')[0].trim();
    if (!types.includes(mediaType)) return [`answered ${mediaType || 'no content type'}, documented ${types.join(', ') || 'nothing'}`];
    const schema = documented.content?.[mediaType]?.schema;
    if (mediaType !== 'application/json') return raw && raw.length > 0 ? [] : ['empty body'];
    return schema ? schemaProblems(w.doc, schema, body) : ['no schema documented'];
  }
});
