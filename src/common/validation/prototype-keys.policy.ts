/** Keys that reach an object's prototype when assigned: never valid anywhere in a request body. */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * Pure: the paths of every prototype key at any depth of a JSON value (objects and arrays).
 * Own keys only, so `{"__proto__": …}` as JSON.parse leaves it is found too.
 */
export function prototypeKeyPaths(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    const here = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && PROTOTYPE_KEYS.includes(key)) found.push(here);
    found.push(...prototypeKeyPaths((value as Record<string, unknown>)[key], here));
  }
  return found;
}
