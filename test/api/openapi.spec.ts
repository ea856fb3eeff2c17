import { badInputsFor, fillPath, MISSING_UUID } from './bad-inputs';
import { OpenApiDocument, operationKeys, Schema, schemaProblems } from './openapi';

const doc: OpenApiDocument = {
  paths: {
    '/things/{id}': {
      patch: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
      get: { responses: { '200': {} } },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'tier'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          tier: { type: 'string', enum: ['a', 'b'] },
          note: { type: 'string', nullable: true },
          tags: { type: 'array', items: { type: 'string' } },
          at: { type: 'string', format: 'date-time' },
          parts: { type: 'array', items: { $ref: '#/components/schemas/Part' } },
          // Nest's shape of a nullable reference, and of one that is not.
          best: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Part' }] },
          first: { type: 'object', allOf: [{ $ref: '#/components/schemas/Part' }] },
        },
      },
      Part: { type: 'object', required: ['weight'], properties: { weight: { type: 'number' } } },
    },
  },
};
const thing: Schema = { $ref: '#/components/schemas/Thing' };

describe('OpenAPI schema checker', () => {
  it.each([
    ['a conforming object', { id: MISSING_UUID, tier: 'a', note: null, tags: ['x'], at: '2026-12-01T10:00:00.000Z' }, []],
    ['a missing required field', { id: MISSING_UUID }, ['$.tier: required but missing']],
    ['null where not nullable', { id: MISSING_UUID, tier: null }, ['$.tier: null where the schema is not nullable']],
    ['a value outside the enum', { id: MISSING_UUID, tier: 'c' }, ['$.tier: "c" is not one of ["a","b"]']],
    ['a malformed uuid and date', { id: 'x', tier: 'a', at: 'today' }, ['$.id: "x" is not a uuid', '$.at: "today" is not an ISO 8601 date-time']],
    ['an array item of the wrong type', { id: MISSING_UUID, tier: 'a', tags: [1] }, ['$.tags[0]: expected a string, got number']],
    ['an undocumented field', { id: MISSING_UUID, tier: 'b', secret: 'x' }, ['$.secret: not in the documented schema']],
    ['an array for an object', [], ['$: expected an object, got an array']],
    ['null for a nullable reference', { id: MISSING_UUID, tier: 'a', best: null }, []],
    ['a nullable reference that breaks its schema', { id: MISSING_UUID, tier: 'a', best: { weight: 'x' } }, ['$.best.weight: expected a number, got "x"']],
    ['null for a reference that is not nullable', { id: MISSING_UUID, tier: 'a', first: null }, ['$.first: null where the schema is not nullable']],
  ])('%s', (_name, value, problems) => {
    expect(schemaProblems(doc, thing, value)).toEqual(problems);
  });

  it('lists operations as METHOD /template', () => {
    expect(operationKeys(doc)).toEqual(['GET /things/{id}', 'PATCH /things/{id}']);
  });
});

describe('bad inputs from a documented request', () => {
  const cases = badInputsFor(doc, doc.paths['/things/{id}'].patch, { params: { id: MISSING_UUID }, body: { id: MISSING_UUID, tier: 'a', parts: [{ weight: 1 }] } });
  const names = cases.map((c) => c.name);

  it('covers every property, required field, query and path parameter', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'body: an unknown property',
        'body.tier: missing (required)',
        'body.tier: null',
        'body.tier: outside enum/format/pattern',
        'body.tier: traversal string',
        'body.id: a uuid no row has',
        'body.tags[]: item of the wrong type',
        'query.limit: not a number',
        'query: an unknown parameter',
        'path.id: not a uuid',
        'path.id: traversal string (encoded)',
      ]),
    );
    // A nullable field may be null, and a free-text field may hold a path-like string.
    expect(names).not.toContain('body.note: null');
    expect(names).not.toContain('body.note: traversal string');
  });

  it('changes only the field a case is about, one level down in arrays of objects too', () => {
    expect(cases.find((c) => c.name === 'body.tier: null')?.body).toEqual({ id: MISSING_UUID, tier: null, parts: [{ weight: 1 }] });
    expect(cases.find((c) => c.name === 'body.parts[0].weight: null')?.body).toEqual({ id: MISSING_UUID, tier: 'a', parts: [{ weight: null }] });
    expect(names).toEqual(expect.arrayContaining(['body.parts[0].weight: missing (required)', 'body.parts[0].an unknown property']));
  });

  it('percent-encodes path parameters', () => {
    expect(fillPath('/things/{id}', { id: '../../etc/passwd' })).toBe('/things/..%2F..%2Fetc%2Fpasswd');
  });
});
