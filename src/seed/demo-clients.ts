import type { Temperature } from '../crm/client.entity';
import type { SellerTier } from '../org/rep.entity';
import type { ClientSource, DemoClient, DemoPhone, DemoUser } from './demo-data';
import { DO_NOT_CALL_REASONS, FIRST_NAMES, INDUSTRIES, LAST_NAMES, LEGAL_FORMS } from './demo-names';
import { DemoCountry, DemoPlace, PLACES, demoPhoneNumber } from './demo-phones';
import { SeededRandom } from './seeded-random';

const COUNTRY_WEIGHTS: ReadonlyArray<readonly [DemoCountry, number]> = [['DE', 92], ['AT', 5], ['CH', 3]];
const TEMPERATURE_WEIGHTS: ReadonlyArray<readonly [Temperature, number]> = [['hot', 20], ['warm', 35], ['cold', 45]];
const SOURCE_WEIGHTS: ReadonlyArray<readonly [ClientSource, number]> = [['web', 35], ['referral', 20], ['trade-fair', 15], ['cold-list', 30]];
/** Strong sellers carry bigger books. */
const OWNER_WEIGHT_BY_TIER: Record<SellerTier, number> = { strong: 1.3, mid: 1, junior: 0.7 };

const UNASSIGNED_SHARE = 0.04;
const DO_NOT_CALL_SHARE = 0.025;
const RECORDING_REFUSED_SHARE = 0.015;
const SECOND_PHONE_SHARE = 0.2;

export function generateClients(rng: SeededRandom, users: readonly DemoUser[], count: number): DemoClient[] {
  const owners = users.filter((user) => user.rep).map((user) => [user.login, OWNER_WEIGHT_BY_TIER[user.rep!.tier]] as const);
  const issuedNumbers = new Set<string>();
  const usedNames = new Set<string>();
  const clients: DemoClient[] = [];
  for (let ref = 0; ref < count; ref += 1) {
    const where = rng.pick(PLACES[rng.weighted(COUNTRY_WEIGHTS)]);
    const isCompany = rng.chance(0.75);
    const doNotCall = rng.chance(DO_NOT_CALL_SHARE);
    clients.push({
      ref,
      name: uniqueName(rng, usedNames, () => (isCompany ? companyName(rng, where) : personName(rng))),
      city: where.city,
      timeZone: where.timeZone,
      temperature: doNotCall ? 'cold' : rng.weighted(TEMPERATURE_WEIGHTS),
      source: rng.weighted(SOURCE_WEIGHTS),
      doNotCall,
      doNotCallReason: doNotCall ? rng.pick(DO_NOT_CALL_REASONS) : null,
      recordingRefused: rng.chance(RECORDING_REFUSED_SHARE),
      ownerLogin: rng.chance(UNASSIGNED_SHARE) ? null : rng.weighted(owners),
      phones: phonesFor(rng, where, isCompany, issuedNumbers),
      createdAt: new Date(0),
    });
  }
  return clients;
}

function phonesFor(rng: SeededRandom, where: DemoPlace, isCompany: boolean, issued: Set<string>): DemoPhone[] {
  // Companies are mostly reached on their landline, people mostly on their mobile.
  const mainKind = rng.chance(isCompany ? 0.8 : 0.3) ? 'landline' : 'mobile';
  const phones: DemoPhone[] = [{ e164: demoPhoneNumber(rng, where, mainKind, issued), label: 'main' }];
  if (rng.chance(SECOND_PHONE_SHARE)) {
    const secondKind = mainKind === 'landline' ? 'mobile' : 'landline';
    phones.push({ e164: demoPhoneNumber(rng, where, secondKind, issued), label: secondKind === 'mobile' ? 'mobile' : 'office' });
  }
  return phones;
}

function companyName(rng: SeededRandom, where: DemoPlace): string {
  const industry = rng.pick(INDUSTRIES);
  return rng.weighted<() => string>([
    [() => `${rng.pick(LAST_NAMES)} ${industry} ${rng.pick(LEGAL_FORMS)}`, 5],
    [() => `${industry} ${rng.pick(LAST_NAMES)}`, 2],
    [() => `${industry} ${where.city} ${rng.pick(LEGAL_FORMS)}`, 2],
    [() => `${rng.pick(LAST_NAMES)} & ${rng.pick(LAST_NAMES)} ${rng.pick(LEGAL_FORMS)}`, 1],
  ])();
}

function personName(rng: SeededRandom): string {
  const title = rng.weighted([['', 8], ['Dr. ', 2]] as const);
  return `${title}${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

function uniqueName(rng: SeededRandom, used: Set<string>, make: () => string): string {
  let name = make();
  for (let attempt = 0; used.has(name) && attempt < 20; attempt += 1) name = make();
  // Very rarely the word lists run dry for a shape: a branch suffix keeps names unique anyway.
  for (let branch = 2; used.has(name); branch += 1) name = `${name.replace(/ \(\d+\)$/, '')} (${branch})`;
  used.add(name);
  return name;
}
