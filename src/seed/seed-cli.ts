import { z } from 'zod';
import type { DemoSummary } from './demo-data';

export const DEFAULT_SEED_PASSWORD = 'demo-password-123';

export const SEED_USAGE = `Usage: npm run seed -- [--reset]

Loads the demo data set (3 teams, their supervisors, trainers and 27 reps, pipeline stages,
1,200 clients with deals, stage history and tasks) into DATABASE_URL, after running pending
migrations. Running it again changes nothing while the demo teams exist.

  --reset   delete the demo teams, everyone in them and the demo clients (with their deals and
            tasks), then load the data set afresh
  --help    show this text

Environment: SEED_PASSWORD (at least 12 characters; default ${DEFAULT_SEED_PASSWORD}) is every
demo user's password; DATABASE_URL and the other settings as for the service.`;

/** Bad arguments or settings: reported as a message, without a stack trace. */
export class SeedInputError extends Error {
  override readonly name = 'SeedInputError';
}

export interface SeedArgs {
  reset: boolean;
  help: boolean;
}

export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  const args: SeedArgs = { reset: false, help: false };
  for (const arg of argv) {
    if (arg === '--reset') args.reset = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new SeedInputError(`unknown argument "${arg}"\n\n${SEED_USAGE}`);
  }
  return args;
}

/** The seed's own setting, validated like the service's; the service itself never reads it. */
const seedEnvSchema = z.object({
  // The org DTOs require 12 characters, so a demo password is one a user could also have chosen.
  SEED_PASSWORD: z.string().min(12, 'SEED_PASSWORD must be at least 12 characters').default(DEFAULT_SEED_PASSWORD),
});

export function seedPasswordFrom(env: Record<string, string | undefined>): string {
  const parsed = seedEnvSchema.safeParse({ SEED_PASSWORD: env.SEED_PASSWORD || undefined });
  if (!parsed.success) throw new SeedInputError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data.SEED_PASSWORD;
}

export interface SummaryContext {
  password: string;
  seconds: number;
  /** A few logins to sign in with, e.g. one per role. */
  exampleLogins: string[];
}

/** The end-of-run report: counts as a two-column table, then the one place the password appears. */
export function formatSummary(summary: DemoSummary, context: SummaryContext): string {
  const rows: Array<[string, string]> = [
    ['teams', String(summary.teams)],
    ['users', `${sum(summary.users)} (${describe(summary.users)})`],
    ['reps by tier', describe(summary.repsByTier)],
    ['clients', `${summary.clients} (${summary.doNotCall} do-not-call)`],
    ['client phones', `${summary.phones} (${describe(summary.phonesByCountryCode)})`],
    ['deals', `${sum(summary.deals)} (${describe(summary.deals)})`],
    ['open deals by stage', describe(summary.openDealsByStage)],
    ['deal stage changes', String(summary.stageChanges)],
    ['tasks', `${summary.tasks.open + summary.tasks.done} (open ${summary.tasks.open}, of them overdue ${summary.tasks.overdue}; done ${summary.tasks.done})`],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const rule = `+${'-'.repeat(labelWidth + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  return [
    `Demo data loaded in ${context.seconds.toFixed(1)} s`,
    rule,
    ...rows.map(([label, value]) => `| ${label.padEnd(labelWidth)} | ${value.padEnd(valueWidth)} |`),
    rule,
    `Sign in as any demo user, e.g. ${context.exampleLogins.join(', ')}`,
    `Password of every demo user: ${context.password}`,
  ].join('\n');
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

function describe(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([key, count]) => `${key} ${count}`)
    .join(', ');
}
