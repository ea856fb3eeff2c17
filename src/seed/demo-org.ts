import type { SellerTier } from '../org/rep.entity';
import type { DemoRepProfile, DemoTeam, DemoUser } from './demo-data';
import { FIRST_NAMES, LAST_NAMES } from './demo-names';
import { SeededRandom } from './seeded-random';

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { name: 'Berlin Inbound', skill: 'inbound' },
  { name: 'Munich Outbound', skill: 'outbound' },
  { name: 'Hamburg Key Accounts', skill: 'key-accounts' },
];

/** Three of each tier per team: 27 reps, a third each strong, mid and junior. */
const TEAM_TIERS: readonly SellerTier[] = ['strong', 'strong', 'strong', 'mid', 'mid', 'mid', 'junior', 'junior', 'junior'];

type Range = readonly [number, number];
const TIER_TARGETS: Record<SellerTier, { calls: Range; deals: Range; monthlyWon: Range }> = {
  strong: { calls: [55, 70], deals: [3, 5], monthlyWon: [10, 15] },
  mid: { calls: [45, 55], deals: [2, 3], monthlyWon: [6, 9] },
  junior: { calls: [30, 45], deals: [1, 2], monthlyWon: [3, 5] },
};

const EXTRA_LANGUAGES: ReadonlyArray<readonly [string | null, number]> = [[null, 5], ['fr', 1], ['it', 1], ['pl', 1], ['tr', 1]];

export function generateOrg(rng: SeededRandom): { teams: DemoTeam[]; users: DemoUser[] } {
  const names = uniquePeople(rng, DEMO_TEAMS.length * (TEAM_TIERS.length + 2));
  const users: DemoUser[] = [];
  for (const team of DEMO_TEAMS) {
    users.push({ ...names.next(), role: 'supervisor', teamName: team.name });
    users.push({ ...names.next(), role: 'trainer', teamName: team.name });
    for (const tier of TEAM_TIERS) users.push({ ...names.next(), role: 'rep', teamName: team.name, rep: repProfile(rng, tier, team) });
  }
  return { teams: DEMO_TEAMS.map((team) => ({ ...team })), users };
}

function repProfile(rng: SeededRandom, tier: SellerTier, team: DemoTeam): DemoRepProfile {
  const targets = TIER_TARGETS[tier];
  const skills = ['de', team.skill];
  if (tier !== 'junior' || rng.chance(0.5)) skills.push('en');
  const extra = rng.weighted(EXTRA_LANGUAGES);
  if (extra) skills.push(extra);
  return {
    tier,
    skills,
    // Call targets in steps of five, as a team lead would set them.
    dailyCallTarget: Math.round(rng.int(targets.calls[0], targets.calls[1]) / 5) * 5,
    dailyDealTarget: rng.int(targets.deals[0], targets.deals[1]),
    monthlyWonTarget: rng.int(targets.monthlyWon[0], targets.monthlyWon[1]),
  };
}

function uniquePeople(rng: SeededRandom, count: number): { next: () => { login: string; displayName: string } } {
  const people: { login: string; displayName: string }[] = [];
  const logins = new Set<string>();
  const usedFirstNames = new Set<string>();
  while (people.length < count) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const login = loginFor(first, last);
    // Distinct first names too, so "Anna" on the wallboard means one person.
    if (logins.has(login) || usedFirstNames.has(first)) continue;
    logins.add(login);
    usedFirstNames.add(first);
    people.push({ login, displayName: `${first} ${last}` });
  }
  let index = 0;
  return { next: () => people[index++] };
}

/** "Jürgen", "de Vries" → "juergen.de-vries": the LOGIN pattern of the org DTOs (a-z 0-9 . _ -). */
export function loginFor(first: string, last: string): string {
  return `${fold(first)}.${fold(last)}`.slice(0, 40);
}

function fold(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
