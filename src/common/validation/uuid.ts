/**
 * The one UUID pattern: any version, either case (what PostgreSQL's uuid type accepts in its
 * canonical form). Row ids are checked with it before they reach a query, so a malformed id is a
 * 4xx and never a "22P02 invalid input syntax" from the database.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
