/**
 * Sets `key` and, once the map holds more than `limit` entries, drops the oldest (a Map keeps
 * insertion order): for memos and trackers that must not grow with the process's lifetime.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as K);
}
