import type { PipelineStageDefinition } from '../config/app-config.schema';
import type { Temperature } from '../crm/client.entity';
import type { DealStatus } from '../crm/deal.entity';
import type { TaskStatus, TaskType } from '../crm/task.entity';
import type { SellerTier } from '../org/rep.entity';
import type { Role } from '../org/user.entity';
import { generateClients } from './demo-clients';
import { generateDeals, generateTasks } from './demo-deals';
import { generateOrg } from './demo-org';
import { SeededRandom } from './seeded-random';

/**
 * The demo data set, generated without I/O: the same seed, clock and stages always give the same
 * rows. Rows refer to each other by natural keys (team name, login, client/deal ref); the seeder
 * turns those into ids when it writes them.
 */

export const DEMO_SEED = 20251127;
export const DEMO_CLIENT_COUNT = 1200;

export type ClientSource = 'web' | 'referral' | 'trade-fair' | 'cold-list';
export const CLIENT_SOURCES: readonly ClientSource[] = ['web', 'referral', 'trade-fair', 'cold-list'];

export interface DemoTeam {
  name: string;
  /** Skill every rep of the team carries, e.g. "inbound". */
  skill: string;
}

export interface DemoRepProfile {
  tier: SellerTier;
  skills: string[];
  dailyCallTarget: number;
  dailyDealTarget: number;
  monthlyWonTarget: number;
}

export interface DemoUser {
  login: string;
  displayName: string;
  role: Extract<Role, 'rep' | 'trainer' | 'supervisor'>;
  teamName: string;
  /** Present exactly when role is "rep". */
  rep?: DemoRepProfile;
}

export interface DemoPhone {
  e164: string;
  label: 'main' | 'mobile' | 'office';
}

export interface DemoClient {
  ref: number;
  name: string;
  city: string;
  timeZone: string;
  temperature: Temperature;
  source: ClientSource;
  doNotCall: boolean;
  doNotCallReason: string | null;
  recordingRefused: boolean;
  /** Login of the owning rep; null for a fresh, unassigned lead. */
  ownerLogin: string | null;
  phones: DemoPhone[];
  /** Filled in with the deals, so it never postdates the client's first deal. */
  createdAt: Date;
}

export interface DemoStageChange {
  fromStageKey: string | null;
  toStageKey: string;
  toStatus: DealStatus;
  at: Date;
  byLogin: string | null;
}

export interface DemoDeal {
  ref: number;
  clientRef: number;
  ownerLogin: string | null;
  stageKey: string;
  status: DealStatus;
  /** Euros with two decimals, as PostgreSQL numeric reads back. */
  amount: string;
  openReason: string;
  lostReason: string | null;
  openedAt: Date;
  closedAt: Date | null;
  stageChangedAt: Date;
  /** The path through the pipeline, oldest first; the first entry opens the deal. */
  changes: DemoStageChange[];
}

export interface DemoTask {
  dedupeKey: string;
  type: Extract<TaskType, 'callback' | 'reminder' | 'follow-up'>;
  clientRef: number;
  dealRef: number | null;
  assigneeLogin: string | null;
  dueAt: Date;
  status: Extract<TaskStatus, 'open' | 'done'>;
  reason: string;
  completedAt: Date | null;
}

export interface DemoData {
  seed: number;
  stages: PipelineStageDefinition[];
  teams: DemoTeam[];
  users: DemoUser[];
  clients: DemoClient[];
  deals: DemoDeal[];
  tasks: DemoTask[];
}

export interface DemoDataOptions {
  stages: readonly PipelineStageDefinition[];
  /** The clock: every date is placed relative to it (deals in the 90 days before, tasks around it). */
  now: Date;
  seed?: number;
  clientCount?: number;
}

export function generateDemoData(options: DemoDataOptions): DemoData {
  if (options.stages.length === 0) throw new Error('at least one pipeline stage is needed');
  const seed = options.seed ?? DEMO_SEED;
  // One stream per part, so names and numbers do not shift when the clock (and with it the
  // number of draws the time-dependent parts make) changes: --reset finds last run's numbers.
  const org = generateOrg(new SeededRandom(seed));
  const clients = generateClients(new SeededRandom(seed ^ 0x5bd1e995), org.users, options.clientCount ?? DEMO_CLIENT_COUNT);
  const dealRandom = new SeededRandom(seed ^ 0x1b873593);
  const deals = generateDeals(dealRandom, clients, options.stages, options.now);
  const tasks = generateTasks(dealRandom, clients, deals, options.now);
  return { seed, stages: [...options.stages], teams: org.teams, users: org.users, clients, deals, tasks };
}

export interface DemoSummary {
  teams: number;
  users: Record<DemoUser['role'], number>;
  repsByTier: Record<SellerTier, number>;
  clients: number;
  doNotCall: number;
  phones: number;
  phonesByCountryCode: Record<string, number>;
  deals: Record<DealStatus, number>;
  openDealsByStage: Record<string, number>;
  stageChanges: number;
  tasks: { open: number; overdue: number; done: number };
}

/** Counts the seed prints and the tests compare with the database. */
export function summarize(data: DemoData, now: Date): DemoSummary {
  const count = <T>(items: readonly T[], key: (item: T) => string, into: Record<string, number>) => {
    for (const item of items) into[key(item)] = (into[key(item)] ?? 0) + 1;
    return into;
  };
  const phones = data.clients.flatMap((client) => client.phones);
  const openTasks = data.tasks.filter((task) => task.status === 'open');
  return {
    teams: data.teams.length,
    users: count(data.users, (user) => user.role, { supervisor: 0, trainer: 0, rep: 0 }) as DemoSummary['users'],
    repsByTier: count(data.users.filter((user) => user.rep), (user) => user.rep!.tier, { strong: 0, mid: 0, junior: 0 }) as DemoSummary['repsByTier'],
    clients: data.clients.length,
    doNotCall: data.clients.filter((client) => client.doNotCall).length,
    phones: phones.length,
    phonesByCountryCode: count(phones, (phone) => phone.e164.slice(0, 3), {}),
    deals: count(data.deals, (deal) => deal.status, { open: 0, won: 0, lost: 0 }) as DemoSummary['deals'],
    openDealsByStage: count(
      data.deals.filter((deal) => deal.status === 'open'),
      (deal) => deal.stageKey,
      Object.fromEntries(data.stages.map((stage) => [stage.key, 0])),
    ),
    stageChanges: data.deals.reduce((sum, deal) => sum + deal.changes.length, 0),
    tasks: {
      open: openTasks.length,
      overdue: openTasks.filter((task) => task.dueAt.getTime() < now.getTime()).length,
      done: data.tasks.length - openTasks.length,
    },
  };
}
