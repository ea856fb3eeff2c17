import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { loadConfig } from '../../src/config/app-config';
import { normalizeE164 } from '../../src/common/phone/e164';
import { sipEndpointFor } from '../../src/org/org.service';
import { CLIENT_SOURCES, DemoData, generateDemoData, summarize } from '../../src/seed/demo-data';
import { loginFor } from '../../src/seed/demo-org';

const stages = loadConfig().rules.pipelineStages;
const now = new Date('2026-03-18T10:30:00Z');
const DAY = 24 * 3600 * 1000;
const data = generateDemoData({ stages, now });
const reps = data.users.filter((user) => user.rep);
const phones = data.clients.flatMap((client) => client.phones.map((phone) => phone.e164));

describe('demo data generation', () => {
  it('is deterministic: the same seed and clock give the same data', () => {
    expect(generateDemoData({ stages, now })).toEqual(data);
    expect(generateDemoData({ stages, now, seed: 7 }).clients[0]).not.toEqual(data.clients[0]);
  });

  it('keeps names and numbers when only the clock moves, so --reset finds the earlier run', () => {
    const later = generateDemoData({ stages, now: new Date(now.getTime() + 3 * DAY + 17_000) });
    expect(later.users).toEqual(data.users);
    expect(later.clients.map((client) => [client.name, client.phones, client.ownerLogin])).toEqual(data.clients.map((client) => [client.name, client.phones, client.ownerLogin]));
  });

  it('has three teams, each with one supervisor and one trainer', () => {
    expect(data.teams.map((team) => team.name)).toEqual(['Berlin Inbound', 'Munich Outbound', 'Hamburg Key Accounts']);
    for (const team of data.teams) {
      const roles = data.users.filter((user) => user.teamName === team.name).map((user) => user.role);
      expect(roles.filter((role) => role === 'supervisor')).toHaveLength(1);
      expect(roles.filter((role) => role === 'trainer')).toHaveLength(1);
    }
  });

  it('has 24+ reps, a third of each tier, with targets and skills', () => {
    expect(reps.length).toBeGreaterThanOrEqual(24);
    const summary = summarize(data, now);
    for (const tier of ['strong', 'mid', 'junior'] as const) expect(summary.repsByTier[tier]).toBe(reps.length / 3);
    for (const { rep } of reps) {
      expect(rep!.dailyCallTarget).toBeGreaterThan(0);
      expect(rep!.dailyDealTarget).toBeGreaterThan(0);
      expect(rep!.monthlyWonTarget).toBeGreaterThan(0);
      expect(rep!.skills).toContain('de');
    }
    expect(data.users.filter((user) => user.role !== 'rep').every((user) => user.rep === undefined)).toBe(true);
  });

  it('gives every user a unique first.last login that makes a valid SIP endpoint', () => {
    const logins = data.users.map((user) => user.login);
    expect(new Set(logins).size).toBe(logins.length);
    for (const login of logins) {
      expect(login).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
      expect(sipEndpointFor(login)).toMatch(/^[a-z0-9][a-z0-9_-]{1,39}$/);
    }
  });

  it.each([
    ['Anna', 'Schmidt', 'anna.schmidt'],
    ['Jürgen', 'Weiß', 'juergen.weiss'],
    ['Pieter', 'de Vries', 'pieter.de-vries'],
    ['Emre', 'Yılmaz', 'emre.yilmaz'],
    ['Laura', 'García', 'laura.garcia'],
    ['Elif', 'Öztürk', 'elif.oeztuerk'],
  ])('folds %s %s into the login %s', (first, last, login) => {
    expect(loginFor(first, last)).toBe(login);
  });

  it('has 1,200 clients with unique, valid E.164 numbers, mostly German', () => {
    expect(data.clients).toHaveLength(1200);
    expect(new Set(phones).size).toBe(phones.length);
    for (const e164 of phones) {
      expect(normalizeE164(e164)).toBe(e164);
      expect(parsePhoneNumberFromString(e164)?.isValid()).toBe(true);
    }
    const share = (prefix: string) => phones.filter((phone) => phone.startsWith(prefix)).length / phones.length;
    expect(share('+49')).toBeGreaterThan(0.85);
    expect(share('+43')).toBeGreaterThan(0);
    expect(share('+41')).toBeGreaterThan(0);
  });

  it('sets each client time zone to its country', () => {
    const zoneFor: Record<string, string> = { '+49': 'Europe/Berlin', '+43': 'Europe/Vienna', '+41': 'Europe/Zurich' };
    for (const client of data.clients) {
      for (const phone of client.phones) expect(client.timeZone).toBe(zoneFor[phone.e164.slice(0, 3)]);
    }
  });

  it('covers every temperature and source, spreads owners over all reps, and has a few do-not-call clients with reasons', () => {
    expect(new Set(data.clients.map((client) => client.temperature))).toEqual(new Set(['hot', 'warm', 'cold']));
    expect(new Set(data.clients.map((client) => client.source))).toEqual(new Set(CLIENT_SOURCES));
    expect(new Set(data.clients.map((client) => client.ownerLogin).filter(Boolean))).toEqual(new Set(reps.map((rep) => rep.login)));
    const doNotCall = data.clients.filter((client) => client.doNotCall);
    expect(doNotCall.length).toBeGreaterThan(5);
    expect(doNotCall.length).toBeLessThan(data.clients.length * 0.06);
    expect(doNotCall.every((client) => client.doNotCallReason)).toBe(true);
  });

  it('has open deals in every stage, plus won and lost deals with closing dates and amounts', () => {
    const summary = summarize(data, now);
    for (const stage of stages) expect(summary.openDealsByStage[stage.key]).toBeGreaterThan(0);
    expect(summary.deals.won).toBeGreaterThan(50);
    expect(summary.deals.lost).toBeGreaterThan(50);
    for (const deal of data.deals) {
      expect(deal.closedAt === null).toBe(deal.status === 'open');
      expect(Number(deal.amount)).toBeGreaterThan(0);
      expect(deal.lostReason === null).toBe(deal.status !== 'lost');
    }
  });

  it('opens deals within the last 90 days and records a path with increasing timestamps', () => {
    for (const deal of data.deals) {
      expect(deal.openedAt.getTime()).toBeGreaterThanOrEqual(now.getTime() - 90 * DAY);
      const path = deal.changes;
      expect(path[0]).toMatchObject({ fromStageKey: null, toStageKey: stages[0].key, toStatus: 'open', at: deal.openedAt });
      for (let index = 1; index < path.length; index += 1) {
        expect(path[index].at.getTime()).toBeGreaterThan(path[index - 1].at.getTime());
        expect(path[index].fromStageKey).toBe(path[index - 1].toStageKey);
      }
      const last = path[path.length - 1];
      expect(last.toStageKey).toBe(deal.stageKey);
      expect(last.toStatus).toBe(deal.status);
      expect(last.at.getTime()).toBeLessThan(now.getTime());
      if (deal.closedAt) expect(last.at).toEqual(deal.closedAt);
    }
  });

  it('gives a client at most one open deal, and a do-not-call client none', () => {
    const openByClient = new Map<number, number>();
    for (const deal of data.deals.filter((d) => d.status === 'open')) openByClient.set(deal.clientRef, (openByClient.get(deal.clientRef) ?? 0) + 1);
    expect(Math.max(...openByClient.values())).toBe(1);
    const doNotCall = new Set(data.clients.filter((client) => client.doNotCall).map((client) => client.ref));
    expect([...openByClient.keys()].filter((ref) => doNotCall.has(ref))).toEqual([]);
  });

  it('has open callbacks and reminders, a few overdue, each pointing at its own client and deal', () => {
    const summary = summarize(data, now);
    expect(summary.tasks.open).toBeGreaterThan(50);
    expect(summary.tasks.overdue).toBeGreaterThan(0);
    expect(summary.tasks.overdue).toBeLessThan(summary.tasks.open / 4);
    expect(new Set(data.tasks.map((task) => task.type))).toEqual(new Set(['callback', 'reminder', 'follow-up']));
    expect(new Set(data.tasks.map((task) => task.dedupeKey)).size).toBe(data.tasks.length);
    for (const task of data.tasks) {
      if (task.dealRef !== null) expect(data.deals[task.dealRef].clientRef).toBe(task.clientRef);
      expect(task.completedAt === null).toBe(task.status === 'open');
    }
  });

  it('creates each client before its first deal', () => {
    for (const deal of data.deals) expect(data.clients[deal.clientRef].createdAt.getTime()).toBeLessThan(deal.openedAt.getTime());
  });

  it('works with any configured pipeline', () => {
    const short = [
      { key: 'lead', name: 'Lead' },
      { key: 'offer', name: 'Offer' },
    ];
    const other: DemoData = generateDemoData({ stages: short, now, clientCount: 100 });
    expect(Object.keys(summarize(other, now).openDealsByStage)).toEqual(['lead', 'offer']);
    expect(Object.values(summarize(other, now).openDealsByStage).every((count) => count > 0)).toBe(true);
    expect(() => generateDemoData({ stages: [], now })).toThrow(/stage/);
  });
});
