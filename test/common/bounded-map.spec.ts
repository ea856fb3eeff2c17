import { setBounded } from '../../src/common/collections/bounded-map';

describe('setBounded', () => {
  it('keeps at most `limit` entries, dropping the oldest first; updating a key keeps its place', () => {
    const map = new Map<string, number>();
    for (const [key, value] of [['a', 1], ['b', 2], ['c', 3]] as const) setBounded(map, key, value, 3);
    setBounded(map, 'a', 10, 3);
    expect([...map]).toEqual([['a', 10], ['b', 2], ['c', 3]]);
    setBounded(map, 'd', 4, 3);
    expect([...map]).toEqual([['b', 2], ['c', 3], ['d', 4]]);
  });
});
