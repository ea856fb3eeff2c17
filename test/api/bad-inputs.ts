import { OpenApiDocument, Operation, resolve, Schema } from './openapi';

/**
 * Bad inputs derived from an operation's documented request schema, so a new endpoint or field is
 * covered without a line of test code: for every body property a wrong type, null (unless the
 * schema says nullable), a string below minLength and an over-long one, a value outside
 * enum/format/pattern and a traversal string where the field is constrained, a UUID no row has;
 * every required property left out; an unknown property; a body that is not an object; the same
 * one level down in arrays of objects. Query parameters likewise (as text), and non-UUID,
 * traversal and unknown ids for each path parameter. Pure: the property suite sends them.
 */
export interface BadInput {
  /** A readable name: "body.tier: null". */
  name: string;
  body?: unknown;
  query?: Record<string, string>;
  params?: Record<string, string>;
  /**
   * A well-formed value naming a row that does not exist: any coded 4xx is right (404 for a path,
   * 404/409 for a reference in a body), a 5xx or a stored row is not.
   */
  missingReference?: boolean;
}

/** A valid UUID that no row has. */
export const MISSING_UUID = '00000000-0000-4000-8000-00000000dead';

export interface ValidCall {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

export const TRAVERSAL = '../../../../etc/passwd';
export const HUGE_BODY_STRING = 100_000;
// A query string travels in the request line; Node refuses lines over 16 KB before the app sees them.
export const HUGE_QUERY_STRING = 4_000;

/** A value of the wrong JSON type for `schema`. */
export function wrongTypeFor(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return '12';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not-an-array';
    case 'object':
      return 'not-an-object';
    default:
      return { unexpected: 'object' };
  }
}

/** A string the field must refuse because of its enum, format or pattern (null when it has none). */
export function outOfDomainString(schema: Schema): string | null {
  if (schema.enum) return 'not-one-of-the-values';
  if (schema.format === 'uuid') return 'not-a-uuid';
  if (schema.format === 'date-time') return 'yesterday';
  if (schema.pattern) return '\u0000 no such value \u0000';
  return null;
}

const isConstrained = (schema: Schema): boolean => Boolean(schema.enum || schema.format || schema.pattern);

export function bodyCases(doc: OpenApiDocument, operation: Operation, valid: ValidCall): BadInput[] {
  const raw = operation.requestBody?.content['application/json']?.schema;
  if (!raw) return [];
  const schema = resolve(doc, raw);
  const base = (valid.body ?? {}) as Record<string, unknown>;
  const cases: BadInput[] = [
    { name: 'body: an array instead of an object', body: [base] },
    { name: 'body: an unknown property', body: { ...base, unexpectedField: 'x' } },
  ];
  for (const name of schema.required ?? []) {
    const { [name]: _left, ...rest } = base;
    cases.push({ name: `body.${name}: missing (required)`, body: rest });
  }
  for (const [name, rawProperty] of Object.entries(schema.properties ?? {})) {
    const property = resolve(doc, rawProperty);
    const withValue = (value: unknown) => ({ ...base, [name]: value });
    cases.push({ name: `body.${name}: wrong type`, body: withValue(wrongTypeFor(property)) });
    if (!property.nullable) cases.push({ name: `body.${name}: null`, body: withValue(null) });
    if (property.type === 'string') {
      if ((property.minLength ?? 0) > 0) cases.push({ name: `body.${name}: shorter than minLength`, body: withValue('x'.repeat((property.minLength ?? 1) - 1)) });
      cases.push({ name: `body.${name}: ${HUGE_BODY_STRING} characters`, body: withValue('x'.repeat(Math.max(HUGE_BODY_STRING, (property.maxLength ?? 0) + 1))) });
      const outside = outOfDomainString(property);
      if (outside !== null) cases.push({ name: `body.${name}: outside enum/format/pattern`, body: withValue(outside) });
      if (isConstrained(property)) cases.push({ name: `body.${name}: traversal string`, body: withValue(TRAVERSAL) });
      if (property.format === 'uuid') cases.push({ name: `body.${name}: a uuid no row has`, body: withValue(MISSING_UUID), missingReference: true });
    }
    if (property.type === 'array' && property.items) {
      const item = resolve(doc, property.items);
      cases.push({ name: `body.${name}[]: item of the wrong type`, body: withValue([wrongTypeFor(item)]) });
      cases.push({ name: `body.${name}[]: null item`, body: withValue([null]) });
      const first = Array.isArray(base[name]) ? (base[name] as unknown[])[0] : undefined;
      if (item.properties && typeof first === 'object' && first !== null) {
        // One level down (e.g. scorecard criteria): the same cases inside the first item.
        for (const nested of nestedCases(doc, item, first as Record<string, unknown>)) {
          cases.push({ name: `body.${name}[0].${nested.name}`, body: withValue([nested.value, ...(base[name] as unknown[]).slice(1)]) });
        }
      }
    }
  }
  return cases;
}

/** Wrong type, null and missing-required cases for the properties of one nested object. */
function nestedCases(doc: OpenApiDocument, schema: Schema, valid: Record<string, unknown>): Array<{ name: string; value: Record<string, unknown> }> {
  const cases: Array<{ name: string; value: Record<string, unknown> }> = [];
  for (const name of schema.required ?? []) {
    const { [name]: _left, ...rest } = valid;
    cases.push({ name: `${name}: missing (required)`, value: rest });
  }
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const property = resolve(doc, raw);
    cases.push({ name: `${name}: wrong type`, value: { ...valid, [name]: wrongTypeFor(property) } });
    if (!property.nullable) cases.push({ name: `${name}: null`, value: { ...valid, [name]: null } });
  }
  cases.push({ name: 'an unknown property', value: { ...valid, unexpectedField: 'x' } });
  return cases;
}

export function queryCases(operation: Operation, valid: ValidCall): BadInput[] {
  const parameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
  if (parameters.length === 0) return [];
  const base = valid.query ?? {};
  const cases: BadInput[] = [{ name: 'query: an unknown parameter', query: { ...base, unexpectedParam: 'x' } }];
  for (const parameter of parameters) {
    const withValue = (value: string) => ({ ...base, [parameter.name]: value });
    if (parameter.required) {
      const { [parameter.name]: _left, ...rest } = base;
      cases.push({ name: `query.${parameter.name}: missing (required)`, query: rest });
    }
    const schema = parameter.schema;
    if (schema.type === 'number' || schema.type === 'integer') cases.push({ name: `query.${parameter.name}: not a number`, query: withValue('twelve') });
    if (schema.type === 'boolean') cases.push({ name: `query.${parameter.name}: not a boolean`, query: withValue('maybe') });
    if (schema.type === 'string' || schema.type === undefined) {
      cases.push({ name: `query.${parameter.name}: ${HUGE_QUERY_STRING} characters`, query: withValue('x'.repeat(HUGE_QUERY_STRING)) });
      const outside = outOfDomainString(schema);
      if (outside !== null) cases.push({ name: `query.${parameter.name}: outside enum/format/pattern`, query: withValue(outside) });
      if (isConstrained(schema)) cases.push({ name: `query.${parameter.name}: traversal string`, query: withValue(TRAVERSAL) });
    }
  }
  return cases;
}

export function pathCases(operation: Operation, valid: ValidCall): BadInput[] {
  const parameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
  return parameters.flatMap((parameter) => [
    { name: `path.${parameter.name}: not a uuid`, params: { ...valid.params, [parameter.name]: 'not-a-uuid' } },
    { name: `path.${parameter.name}: a number`, params: { ...valid.params, [parameter.name]: '12345' } },
    { name: `path.${parameter.name}: traversal string (encoded)`, params: { ...valid.params, [parameter.name]: TRAVERSAL } },
    { name: `path.${parameter.name}: a uuid no row has`, params: { ...valid.params, [parameter.name]: MISSING_UUID }, missingReference: true },
  ]);
}

export function badInputsFor(doc: OpenApiDocument, operation: Operation, valid: ValidCall): BadInput[] {
  return [...bodyCases(doc, operation, valid), ...queryCases(operation, valid), ...pathCases(operation, valid)];
}

/** The concrete URL path of a template such as /reps/{id}, every parameter percent-encoded. */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${template}`);
    return encodeURIComponent(value);
  });
}
