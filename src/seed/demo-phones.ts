import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { SeededRandom } from './seeded-random';

export type DemoCountry = 'DE' | 'AT' | 'CH';

export interface DemoPlace {
  city: string;
  country: DemoCountry;
  timeZone: string;
  /** Landline area code without the trunk 0, and how many subscriber digits follow it. */
  areaCode: string;
  subscriberDigits: readonly [number, number];
}

const COUNTRY_CODES: Record<DemoCountry, string> = { DE: '49', AT: '43', CH: '41' };

export const TIME_ZONES: Record<DemoCountry, string> = { DE: 'Europe/Berlin', AT: 'Europe/Vienna', CH: 'Europe/Zurich' };

function place(city: string, country: DemoCountry, areaCode: string, min: number, max: number): DemoPlace {
  return { city, country, timeZone: TIME_ZONES[country], areaCode, subscriberDigits: [min, max] };
}

export const PLACES: Record<DemoCountry, readonly DemoPlace[]> = {
  DE: [
    place('Berlin', 'DE', '30', 7, 8),
    place('München', 'DE', '89', 7, 8),
    place('Hamburg', 'DE', '40', 7, 8),
    place('Frankfurt', 'DE', '69', 7, 8),
    place('Köln', 'DE', '221', 7, 7),
    place('Stuttgart', 'DE', '711', 7, 7),
    place('Düsseldorf', 'DE', '211', 7, 7),
    place('Leipzig', 'DE', '341', 7, 7),
    place('Dresden', 'DE', '351', 7, 7),
    place('Nürnberg', 'DE', '911', 7, 7),
    place('Hannover', 'DE', '511', 7, 7),
    place('Bremen', 'DE', '421', 7, 7),
  ],
  AT: [place('Wien', 'AT', '1', 7, 8), place('Graz', 'AT', '316', 6, 6), place('Linz', 'AT', '732', 6, 6), place('Salzburg', 'AT', '662', 6, 6)],
  CH: [place('Zürich', 'CH', '44', 7, 7), place('Basel', 'CH', '61', 7, 7), place('Bern', 'CH', '31', 7, 7), place('Luzern', 'CH', '41', 7, 7)],
};

/** Mobile prefixes (national, without 0) with their subscriber lengths. */
const MOBILE_PREFIXES: Record<DemoCountry, ReadonlyArray<readonly [string, number]>> = {
  DE: [['151', 8], ['152', 8], ['157', 8], ['160', 8], ['162', 8], ['170', 7], ['171', 8], ['172', 8], ['175', 8], ['176', 8], ['177', 8], ['178', 8], ['179', 8]],
  AT: [['664', 7], ['660', 7], ['676', 7], ['699', 8]],
  CH: [['76', 7], ['77', 7], ['78', 7], ['79', 7]],
};

const MAX_TRIES = 50;

/**
 * A valid (per libphonenumber's full metadata), never-before-issued E.164 number: a landline in
 * the client's city or a mobile. `issued` is the caller's registry of numbers already handed out,
 * so numbers stay unique across the whole data set.
 */
export function demoPhoneNumber(rng: SeededRandom, where: DemoPlace, kind: 'landline' | 'mobile', issued: Set<string>): string {
  for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
    const national = kind === 'landline' ? landline(rng, where) : mobile(rng, where.country);
    const e164 = `+${COUNTRY_CODES[where.country]}${national}`;
    if (issued.has(e164) || !parsePhoneNumberFromString(e164)?.isValid()) continue;
    issued.add(e164);
    return e164;
  }
  throw new Error(`no valid unused ${kind} number for ${where.city} after ${MAX_TRIES} tries`);
}

function landline(rng: SeededRandom, where: DemoPlace): string {
  const length = rng.int(where.subscriberDigits[0], where.subscriberDigits[1]);
  // Subscriber numbers never start with 0 or 1 (those select trunk and special services).
  return `${where.areaCode}${rng.int(2, 9)}${rng.digits(length - 1)}`;
}

function mobile(rng: SeededRandom, country: DemoCountry): string {
  const [prefix, length] = rng.pick(MOBILE_PREFIXES[country]);
  return `${prefix}${rng.int(1, 9)}${rng.digits(length - 1)}`;
}
