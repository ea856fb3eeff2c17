/**
 * The fault suite's own PostgreSQL, Redis and S3 (s3rver), and the service as a real child
 * process, so each can be stopped, killed and started for real. The machine's shared PostgreSQL
 * (5432) and Redis (6379) are never touched: other suites run on them. Asterisk is shared (the
 * suite holds the e2e flock) and the service takes its "salescall" Stasis app.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, openSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { expectEventually } from '../../support/eventually';
import { FAST_ROUTING_ENV } from '../../support/routing-env';
import { hangUpLeftoverCallers } from '../../support/telephony';

export const REPO_DIR = resolve(__dirname, '../../..');
/** Where faults-global-setup compiles the service (tsc, incremental; .cache is git-ignored and finds node_modules). */
export const SERVICE_BUILD_DIR = process.env.FAULTS_BUILD_DIR ?? join(REPO_DIR, '.cache', 'faults-dist');
const PG_BIN = process.env.PG_BIN ?? findPgBin();

function findPgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? execFileSync('ls', [root]).toString().split('\n').filter(Boolean).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.length > 0 ? join(root, versions[0], 'bin') : '/usr/local/bin';
}

export function freeTcpPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Runs as the postgres user when the suite runs as root: PostgreSQL refuses to run as root. */
function asPostgres(command: string, args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', command, ...args] : [command, ...args];
}

function run(argv: string[]): string {
  return execFileSync(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

/** A PostgreSQL cluster of the suite's own in a temp dir: `stop()` is a real database outage. */
export class PostgresCluster {
  readonly dir: string;
  port = 0;

  constructor(root: string) {
    this.dir = join(root, 'pg');
  }

  get url(): string {
    return `postgres://salescall@127.0.0.1:${this.port}/salescall`;
  }

  async init(): Promise<void> {
    this.port = await freeTcpPort();
    mkdirSync(this.dir, { recursive: true });
    chmodSync(dirname(this.dir), 0o755);
    if (process.getuid?.() === 0) chownSync(this.dir, Number(run(['id', '-u', 'postgres'])), Number(run(['id', '-g', 'postgres'])));
    run(asPostgres(join(PG_BIN, 'initdb'), ['-D', this.dir, '-U', 'salescall', '--auth=trust', '--no-sync', '-E', 'UTF8']));
    await this.start();
    const admin = new Client({ connectionString: `postgres://salescall@127.0.0.1:${this.port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE salescall');
    await admin.end();
  }

  async start(): Promise<void> {
    run(asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', this.dir, '-l', join(this.dir, 'server.log'), '-w', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']));
  }

  /** Fast shutdown: open connections are cut, new ones refused, exactly what an outage looks like. */
  async stop(): Promise<void> {
    run(asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', this.dir, '-w', '-m', 'fast', 'stop']));
  }

  async destroy(): Promise<void> {
    try {
      await this.stop();
    } catch {
      // already stopped
    }
  }
}

/** A child process that can be stopped and started again on the same port. */
abstract class Daemon {
  protected child: ChildProcess | null = null;
  port = 0;

  protected abstract command(): { cmd: string; args: string[]; env?: NodeJS.ProcessEnv };
  protected abstract ready(): Promise<boolean>;

  protected outputFd(): number | 'ignore' {
    return 'ignore';
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freeTcpPort();
    const { cmd, args, env } = this.command();
    const output = this.outputFd();
    const child = spawn(cmd, args, { cwd: REPO_DIR, env: env ?? process.env, stdio: ['ignore', output, output] });
    if (typeof output === 'number') closeSync(output);
    this.child = child;
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${cmd} ${args[0]} exited with ${code} while starting`))));
    exited.catch(() => undefined);
    await Promise.race([exited, expectEventually(() => this.ready(), 30_000, 100)]);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolveAnswer(true);
    });
    socket.once('error', () => resolveAnswer(false));
  });
}

/** Redis with an append-only file: a stop and start keeps BullMQ's jobs, as a real restart does. */
export class RedisServer extends Daemon {
  constructor(private readonly dir: string) {
    super();
    mkdirSync(dir, { recursive: true });
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected command(): { cmd: string; args: string[] } {
    return { cmd: 'redis-server', args: ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''] };
  }

  protected ready(): Promise<boolean> {
    return tcpAnswers(this.port);
  }
}

export class S3Server extends Daemon {
  constructor(private readonly dir: string) {
    super();
  }

  protected command(): { cmd: string; args: string[] } {
    return { cmd: process.execPath, args: [join(REPO_DIR, 'scripts/s3rver.js'), '--port', String(this.port), '--dir', this.dir, '--bucket', 'salescall-recordings'] };
  }

  protected ready(): Promise<boolean> {
    return tcpAnswers(this.port);
  }
}

/**
 * The service itself (compiled, node dist/src/main.js) as a child process: `kill()` is a real
 * SIGKILL, no shutdown hook runs. Its log goes to a file the scenarios read.
 */
export class ServiceProcess extends Daemon {
  readonly logFile: string;
  private logOffset = 0;

  constructor(
    private readonly root: string,
    private env: Record<string, string>,
  ) {
    super();
    this.logFile = join(root, 'service.log');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  protected command(): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
    return { cmd: process.execPath, args: [join(SERVICE_BUILD_DIR, 'src/main.js')], env: { PATH: process.env.PATH, HOME: process.env.HOME, ...this.env, HTTP_PORT: String(this.port), RULES_FILE: join(REPO_DIR, 'config/defaults.json') } };
  }

  /** stdout (pino JSON lines) appended to one log file across restarts. */
  protected override outputFd(): number {
    return openSync(this.logFile, 'a');
  }

  protected ready(): Promise<boolean> {
    return fetch(`${this.url}/health`).then((response) => response.status < 500 || response.status === 503, () => false);
  }

  /** SIGKILL: no drain, no flush, nothing written on the way out. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGKILL');
    await exited;
  }

  setEnv(changes: Record<string, string>): void {
    this.env = { ...this.env, ...changes };
  }

  pid(): number | undefined {
    return this.child?.pid;
  }

  /** The service's log lines (parsed pino JSON) written since the scenario started. */
  logLines(): Array<Record<string, unknown>> {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, 'utf8').slice(this.logOffset).split('\n').filter((line) => line.startsWith('{')).map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
  }

  markLog(): void {
    this.logOffset = existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8').length : 0;
  }
}

/** Everything a fault scenario runs against; `up()` once per test file, `down()` after. */
export class FaultStack {
  readonly root = mkdtempSync(join(tmpdir(), 'salescall-faults-'));
  readonly postgres = new PostgresCluster(this.root);
  readonly redis = new RedisServer(join(this.root, 'redis'));
  readonly s3 = new S3Server(join(this.root, 's3'));
  service!: ServiceProcess;

  /** `env` may be computed once the databases run (e.g. a proxy in front of PostgreSQL). */
  async up(settings: Record<string, string> | (() => Promise<Record<string, string>>) = {}): Promise<void> {
    await this.postgres.init();
    await this.redis.start();
    await this.s3.start();
    const env = typeof settings === 'function' ? await settings() : settings;
    this.service = new ServiceProcess(this.root, {
      ...FAST_ROUTING_ENV,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: this.postgres.url,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: 'salescall-faults',
      S3_PORT: String(this.s3.port),
      ARI_APP: 'salescall',
      ...env,
    });
    await hangUpLeftoverCallers();
    await this.service.start();
  }

  /** The service killed and started again with some settings changed (same port, same log). */
  async restartService(env: Record<string, string>): Promise<void> {
    await this.service.kill();
    this.service.setEnv(env);
    await this.service.start();
  }

  async down(): Promise<void> {
    await this.service?.kill();
    await this.s3.stop();
    await this.redis.stop();
    await this.postgres.destroy();
    if (!process.env.FAULTS_KEEP) rmSync(this.root, { recursive: true, force: true });
  }
}
