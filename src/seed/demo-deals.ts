import type { PipelineStageDefinition } from '../config/app-config.schema';
import type { Temperature } from '../crm/client.entity';
import type { DealStatus } from '../crm/deal.entity';
import type { DemoClient, DemoDeal, DemoStageChange, DemoTask } from './demo-data';
import { CALLBACK_REASONS, LOST_REASONS, REMINDER_REASONS } from './demo-names';
import { SeededRandom } from './seeded-random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 90;

/** Share of clients with a current deal, and how that deal stands, by temperature. */
const DEAL_SHARE: Record<Temperature, number> = { hot: 1, warm: 0.8, cold: 0.45 };
const OUTCOME_WEIGHTS: Record<Temperature, ReadonlyArray<readonly [DealStatus, number]>> = {
  hot: [['open', 65], ['won', 25], ['lost', 10]],
  warm: [['open', 60], ['won', 15], ['lost', 25]],
  cold: [['open', 50], ['won', 5], ['lost', 45]],
};
/** Hot clients often bought before: an earlier, closed deal. */
const HOT_REPEAT_SHARE = 0.3;

const OPEN_REASON_BY_SOURCE: Record<DemoClient['source'], string> = {
  web: 'web-form',
  referral: 'referral',
  'trade-fair': 'trade-fair',
  'cold-list': 'outbound-call',
};

export function generateDeals(rng: SeededRandom, clients: DemoClient[], stages: readonly PipelineStageDefinition[], now: Date): DemoDeal[] {
  const deals: DemoDeal[] = [];
  const stageKeys = stages.map((stage) => stage.key);
  let openCount = 0;
  for (const client of clients) {
    const plans: DealStatus[] = [];
    // Unassigned clients are fresh leads: nobody has worked them yet.
    if (client.ownerLogin !== null) {
      if (client.temperature === 'hot' && rng.chance(HOT_REPEAT_SHARE)) plans.push(rng.chance(0.6) ? 'won' : 'lost');
      if (rng.chance(DEAL_SHARE[client.temperature])) plans.push(client.doNotCall ? 'lost' : rng.weighted(OUTCOME_WEIGHTS[client.temperature]));
    }
    let firstOpened = Infinity;
    for (const status of plans) {
      // The first open deals take one stage each, so every stage of the funnel is populated.
      const stageIndex = status === 'open' && openCount < stageKeys.length ? openCount : reachedStage(rng, status, stageKeys.length);
      if (status === 'open') openCount += 1;
      const deal = buildDeal(rng, { ref: deals.length, client, status, stageKeys, stageIndex, now });
      firstOpened = Math.min(firstOpened, deal.openedAt.getTime());
      deals.push(deal);
    }
    client.createdAt = Number.isFinite(firstOpened)
      ? new Date(firstOpened - rng.int(1, 60) * DAY - rng.int(0, 8 * 60) * MINUTE)
      : officeInstant(rng, now, 180);
  }
  return deals;
}

/** Index of the last stage a deal reached: open deals thin out along the funnel; won deals reach the end. */
function reachedStage(rng: SeededRandom, status: DealStatus, stageCount: number): number {
  if (status === 'won') return stageCount - 1;
  const funnel = Array.from({ length: stageCount }, (_, index) => [index, stageCount - index] as const);
  return rng.weighted(funnel);
}

interface DealPlan {
  ref: number;
  client: DemoClient;
  status: DealStatus;
  stageKeys: string[];
  stageIndex: number;
  now: Date;
}

function buildDeal(rng: SeededRandom, plan: DealPlan): DemoDeal {
  const { client, status, stageKeys, stageIndex } = plan;
  const closes = status !== 'open';
  // One instant to open, one per stage move, one to close.
  const times = timeline(rng, plan.now, 1 + stageIndex + (closes ? 1 : 0));
  const by = client.ownerLogin;
  const changes: DemoStageChange[] = [{ fromStageKey: null, toStageKey: stageKeys[0], toStatus: 'open', at: times[0], byLogin: by }];
  for (let index = 1; index <= stageIndex; index += 1) {
    changes.push({ fromStageKey: stageKeys[index - 1], toStageKey: stageKeys[index], toStatus: 'open', at: times[index], byLogin: by });
  }
  const stageKey = stageKeys[stageIndex];
  if (closes) changes.push({ fromStageKey: stageKey, toStageKey: stageKey, toStatus: status, at: times[times.length - 1], byLogin: by });
  return {
    ref: plan.ref,
    clientRef: client.ref,
    ownerLogin: by,
    stageKey,
    status,
    amount: dealAmount(rng),
    openReason: rng.chance(0.2) ? 'inbound-call' : OPEN_REASON_BY_SOURCE[client.source],
    lostReason: status !== 'lost' ? null : client.doNotCall ? 'Client asked not to be called' : rng.pick(LOST_REASONS),
    openedAt: times[0],
    closedAt: closes ? times[times.length - 1] : null,
    stageChangedAt: times[stageIndex],
    changes,
  };
}

/** Mostly small and mid-sized tickets, a few large ones; whole fifties, as quoted. */
function dealAmount(rng: SeededRandom): string {
  const [min, max] = rng.weighted([
    [[1_500, 8_000], 50],
    [[8_000, 30_000], 35],
    [[30_000, 120_000], 15],
  ] as const);
  return `${Math.round(rng.int(min, max) / 50) * 50}.00`;
}

/** `count` strictly increasing office-hour instants within the last 90 days. */
function timeline(rng: SeededRandom, now: Date, count: number): Date[] {
  const times = Array.from({ length: count }, () => officeInstant(rng, now, HISTORY_DAYS).getTime()).sort((a, b) => a - b);
  for (let index = 1; index < times.length; index += 1) {
    if (times[index] <= times[index - 1]) times[index] = times[index - 1] + MINUTE;
  }
  return times.map((time) => new Date(time));
}

/**
 * A weekday instant between 07:00 and 17:00 UTC (office hours in Central Europe) on one of the
 * `days` days before today, never today itself, so every instant lies in the past whatever the
 * time of `now`, and the number of draws does not depend on the clock.
 */
export function officeInstant(rng: SeededRandom, now: Date, days: number): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let day = midnight - rng.int(1, days - 3) * DAY;
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day -= DAY;
  if (weekday === 0) day -= 2 * DAY;
  return new Date(day + 7 * HOUR + rng.int(0, 10 * 60 - 1) * MINUTE + rng.int(0, 59) * 1000);
}

const CALLBACK_SHARE = 0.14;
const REMINDER_SHARE = 0.1;
const LEAD_CALLBACK_SHARE = 0.05;
const OVERDUE_SHARE = 0.12;
const CLOSED_FOLLOW_UP_SHARE = 0.2;

/** Callbacks and reminders on open deals (a few overdue), callbacks for new leads, done follow-ups. */
export function generateTasks(rng: SeededRandom, clients: readonly DemoClient[], deals: readonly DemoDeal[], now: Date): DemoTask[] {
  const tasks: DemoTask[] = [];
  const add = (task: Omit<DemoTask, 'dedupeKey'>) => tasks.push({ dedupeKey: `demo:task:${tasks.length + 1}`, ...task });
  const clientByRef = new Map(clients.map((client) => [client.ref, client]));
  const withDeals = new Set(deals.map((deal) => deal.clientRef));
  for (const deal of deals) {
    const client = clientByRef.get(deal.clientRef)!;
    if (deal.status === 'open' && !client.doNotCall) {
      if (rng.chance(CALLBACK_SHARE)) add(openTask(rng, 'callback', deal, rng.pick(CALLBACK_REASONS), now));
      if (rng.chance(REMINDER_SHARE)) add(openTask(rng, 'reminder', deal, rng.pick(REMINDER_REASONS), now));
    } else if (deal.closedAt && rng.chance(CLOSED_FOLLOW_UP_SHARE)) {
      const dueAt = new Date(Math.max(deal.closedAt.getTime() - rng.int(1, 5) * DAY, deal.openedAt.getTime() + HOUR));
      const completedAt = new Date(dueAt.getTime() + rng.int(5, 240) * MINUTE);
      add({ type: 'follow-up', clientRef: deal.clientRef, dealRef: deal.ref, assigneeLogin: deal.ownerLogin, dueAt, status: 'done', reason: 'Follow up on offer', completedAt });
    }
  }
  for (const client of clients) {
    if (withDeals.has(client.ref) || client.doNotCall || client.ownerLogin === null || !rng.chance(LEAD_CALLBACK_SHARE)) continue;
    add({ type: 'callback', clientRef: client.ref, dealRef: null, assigneeLogin: client.ownerLogin, dueAt: dueFrom(rng, now), status: 'open', reason: `First call: ${client.source} lead`, completedAt: null });
  }
  return tasks;
}

function openTask(rng: SeededRandom, type: 'callback' | 'reminder', deal: DemoDeal, reason: string, now: Date): Omit<DemoTask, 'dedupeKey'> {
  return { type, clientRef: deal.clientRef, dealRef: deal.ref, assigneeLogin: deal.ownerLogin, dueAt: dueFrom(rng, now), status: 'open', reason, completedAt: null };
}

/** Mostly due in the next five days; some already overdue by an hour to three days. Whole 5 minutes. */
function dueFrom(rng: SeededRandom, now: Date): Date {
  const offset = rng.chance(OVERDUE_SHARE) ? -rng.int(12, 3 * 24 * 12) : rng.int(6, 5 * 24 * 12);
  const fiveMinutes = 5 * MINUTE;
  return new Date(Math.floor(now.getTime() / fiveMinutes) * fiveMinutes + offset * fiveMinutes);
}
