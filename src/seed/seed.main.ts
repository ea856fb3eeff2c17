import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { seedEnvironment } from '../config/seed-env';
import { createRootLogger } from '../common/logging/logger';
import { dataSourceOptions } from '../database/data-source.options';
import { DemoData, DemoUser, generateDemoData, summarize } from './demo-data';
import { formatSummary, parseSeedArgs, SEED_USAGE, SeedInputError, seedPasswordFrom } from './seed-cli';
import { DemoSeeder } from './seed.service';

/**
 * `npm run seed [-- --reset]`: loads the demo data set into DATABASE_URL. Idempotent: while the
 * demo teams exist a run changes nothing; --reset removes the earlier demo data and loads it anew.
 */
async function main(): Promise<number> {
  const args = parseSeedArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${SEED_USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const password = seedPasswordFrom(seedEnvironment());
  const logger = createRootLogger(config.logLevel).child({ component: 'seed' });
  const started = performance.now();

  const dataSource = new DataSource(dataSourceOptions(config.database.url));
  await dataSource.initialize();
  try {
    const migrations = await dataSource.runMigrations({ transaction: 'each' });
    if (migrations.length > 0) logger.info({ migrations: migrations.map((migration) => migration.name) }, 'ran pending migrations');

    const now = new Date();
    const data = generateDemoData({ stages: config.rules.pipelineStages, now });
    const outcome = await new DemoSeeder(dataSource).run(data, { password, reset: args.reset });
    if (outcome.status === 'skipped') {
      logger.info({ existingTeams: outcome.existingTeams }, 'demo teams already exist: nothing to do (use --reset to load afresh)');
      return 0;
    }
    logger.info({ removedClients: outcome.removedClients, stagesInserted: outcome.stagesInserted }, 'demo data loaded');
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${formatSummary(summarize(data, now), { password, seconds, exampleLogins: exampleLogins(data) })}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

/** The first team's supervisor, trainer and one rep of each tier. */
function exampleLogins(data: DemoData): string[] {
  const team = data.users.filter((user) => user.teamName === data.teams[0].name);
  const first = (match: (user: DemoUser) => boolean) => team.find(match);
  return [
    first((user) => user.role === 'supervisor'),
    first((user) => user.role === 'trainer'),
    ...(['strong', 'mid', 'junior'] as const).map((tier) => first((user) => user.rep?.tier === tier)),
  ].flatMap((user) => (user ? [`${user.login} (${user.rep ? `${user.rep.tier} rep` : user.role}, ${user.teamName})`] : []));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof SeedInputError ? error.message : ((error as Error)?.stack ?? String(error));
    process.stderr.write(`seed failed: ${message}\n`);
    process.exit(1);
  },
);
