/**
 * The subset of OpenAPI 3 that @nestjs/swagger emits, and a checker for it: type, format (uuid,
 * date-time), enum, nullable, required, properties, additionalProperties, items, $ref, allOf,
 * oneOf, minLength/maxLength, minimum/maximum. Pure: the contract suites use it on live responses.
 */
export interface Schema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
  example?: unknown;
  description?: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** "GET /reps/{id}" for every operation of the document. */
export function operationKeys(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

export function operationOf(doc: OpenApiDocument, key: string): Operation {
  const [method, path] = key.split(' ');
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${key} is not in the OpenAPI document`);
  return operation;
}

export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; current.$ref; depth += 1) {
    if (depth > 20) throw new Error(`$ref loop at ${schema.$ref}`);
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every way `value` departs from `schema`, as "path: problem" lines; empty when it conforms. */
export function schemaProblems(doc: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  const s = resolve(doc, schema);
  // A nullable reference is { nullable: true, allOf: [{ $ref }] }: the outer schema allows null.
  if (value === null && s.nullable) return [];
  if (s.allOf) return s.allOf.flatMap((part) => schemaProblems(doc, part, value, at));
  if (value === null) return [`${at}: null where the schema is not nullable`];
  if (s.oneOf) {
    const matching = s.oneOf.filter((part) => schemaProblems(doc, part, value, at).length === 0);
    return matching.length === 1 ? [] : [`${at}: matches ${matching.length} of the oneOf schemas, not exactly one`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  switch (s.type) {
    case undefined:
      return [];
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected a string, got ${typeof value}`];
      if (s.format === 'uuid' && !UUID.test(value)) return [`${at}: ${JSON.stringify(value)} is not a uuid`];
      if (s.format === 'date-time' && !DATE_TIME.test(value)) return [`${at}: ${JSON.stringify(value)} is not an ISO 8601 date-time`];
      if (s.pattern && !new RegExp(s.pattern).test(value)) return [`${at}: ${JSON.stringify(value)} does not match ${s.pattern}`];
      return [];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: expected an integer, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${typeof value}`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array, got ${typeof value}`];
      return s.items ? value.flatMap((item, index) => schemaProblems(doc, s.items as Schema, item, `${at}[${index}]`)) : [];
    case 'object':
      return objectProblems(doc, s, value, at);
    default:
      return [`${at}: the checker does not know type ${String(s.type)}`];
  }
}

function objectProblems(doc: OpenApiDocument, s: Schema, value: unknown, at: string): string[] {
  if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object, got ${Array.isArray(value) ? 'an array' : typeof value}`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const name of s.required ?? []) if (!(name in record)) problems.push(`${at}.${name}: required but missing`);
  for (const [name, item] of Object.entries(record)) {
    const declared = s.properties?.[name];
    if (declared) {
      if (item !== undefined) problems.push(...schemaProblems(doc, declared, item, `${at}.${name}`));
    } else if (typeof s.additionalProperties === 'object') {
      problems.push(...schemaProblems(doc, s.additionalProperties, item, `${at}.${name}`));
    } else if (s.additionalProperties !== true && s.properties) {
      // A documented object lists what it returns: an undocumented field is a contract gap.
      problems.push(`${at}.${name}: not in the documented schema`);
    }
  }
  return problems;
}
