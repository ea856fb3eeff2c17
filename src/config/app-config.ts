import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ZodError } from 'zod';
import { BusinessRules, Env, envSchema, rulesSchema } from './app-config.schema';

export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { host: string; port: number; socketCorsOrigin?: string; trustProxy?: string };
  logLevel: Env['LOG_LEVEL'];
  database: { url: string };
  redis: { url: string; queuePrefix: string };
  auth: { jwtSecret: string; jwtTtlSeconds: number; adminLogin: string; adminPassword: string };
  ari: { url: string; user: string; password: string; app: string; requestTimeoutMs: number; maxConnections: number };
  sip: { realm: string; publicHost: string; publicPort: number; defaultCountry: string; webSocketUrl: string };
  s3: {
    endPoint: string;
    port: number;
    useSSL: boolean;
    accessKey: string;
    secretKey: string;
    bucket: string;
    region: string;
  };
  webhooks: { url?: string; secret?: string; timeoutMs: number; maxAttempts: number; backoffMs: number };
  shutdownDrainSeconds: number;
  journal: { maxPending: number; retryMaxMs: number };
  rules: BusinessRules;
}

/** Every bad or missing setting, reported together so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Development-only fallbacks; production must set every one of these explicitly. */
const DEV_SECRETS = {
  JWT_SECRET: 'dev-only-jwt-secret-not-for-production',
  ADMIN_PASSWORD: 'admin-dev-password',
  ARI_PASSWORD: 'salescall-dev-ari',
  S3_ACCESS_KEY: 'S3RVER',
  S3_SECRET_KEY: 'S3RVER',
} as const;

type RawEnv = Record<string, string | undefined>;

/** The project's config/defaults.json, found from here whether running from src (ts) or dist. */
export function defaultRulesPath(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = join(dir, 'config', 'defaults.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve('config', 'defaults.json');
}

/** Pure: environment + rules document in, validated config (or one ConfigError) out. */
export function buildConfig(rawEnv: RawEnv, rulesDocument: unknown): AppConfig {
  const problems: string[] = [];
  const env = envSchema.safeParse(rawEnv);
  if (!env.success) problems.push(...describe(env.error));
  const rules = rulesSchema.safeParse(applyRuleOverrides(rulesDocument, rawEnv, problems));
  if (!rules.success) problems.push(...describe(rules.error, 'rules'));
  if (!env.success || !rules.success) throw new ConfigError(problems);

  const values = env.data;
  const secrets = resolveSecrets(values, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: values.NODE_ENV,
    http: { host: values.HTTP_HOST, port: values.HTTP_PORT, socketCorsOrigin: values.SOCKET_CORS_ORIGIN, trustProxy: values.TRUST_PROXY },
    logLevel: values.LOG_LEVEL,
    database: { url: values.DATABASE_URL },
    redis: { url: values.REDIS_URL, queuePrefix: values.QUEUE_PREFIX },
    auth: {
      jwtSecret: secrets.JWT_SECRET,
      jwtTtlSeconds: values.JWT_TTL_SECONDS,
      adminLogin: values.ADMIN_LOGIN,
      adminPassword: secrets.ADMIN_PASSWORD,
    },
    ari: {
      url: values.ARI_URL.replace(/\/+$/, ''),
      user: values.ARI_USER,
      password: secrets.ARI_PASSWORD,
      app: values.ARI_APP,
      requestTimeoutMs: values.ARI_REQUEST_TIMEOUT_MS,
      maxConnections: values.ARI_HTTP_CONNECTIONS,
    },
    sip: { realm: values.SIP_REALM, publicHost: values.SIP_PUBLIC_HOST, publicPort: values.SIP_PUBLIC_PORT, defaultCountry: values.SIP_DEFAULT_COUNTRY, webSocketUrl: values.SIP_WS_URL },
    s3: {
      endPoint: values.S3_ENDPOINT,
      port: values.S3_PORT,
      useSSL: values.S3_USE_SSL,
      accessKey: secrets.S3_ACCESS_KEY,
      secretKey: secrets.S3_SECRET_KEY,
      bucket: values.S3_BUCKET,
      region: values.S3_REGION,
    },
    webhooks: {
      url: values.WEBHOOK_URL,
      secret: values.WEBHOOK_SECRET,
      timeoutMs: values.WEBHOOK_TIMEOUT_MS,
      maxAttempts: values.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: values.WEBHOOK_BACKOFF_MS,
    },
    shutdownDrainSeconds: values.SHUTDOWN_DRAIN_SECONDS,
    journal: { maxPending: values.JOURNAL_MAX_PENDING, retryMaxMs: values.JOURNAL_RETRY_MAX_MS },
    rules: rules.data,
  };
}

export function loadConfig(rawEnv: RawEnv = process.env): AppConfig {
  const path = rawEnv.RULES_FILE ?? defaultRulesPath();
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`RULES_FILE ${path}: ${(error as Error).message}`]);
  }
  return buildConfig(rawEnv, document);
}

function resolveSecrets(values: Env, problems: string[]): Record<keyof typeof DEV_SECRETS, string> {
  const resolved = {} as Record<keyof typeof DEV_SECRETS, string>;
  for (const name of Object.keys(DEV_SECRETS) as (keyof typeof DEV_SECRETS)[]) {
    const given = values[name];
    if (given) resolved[name] = given;
    else if (values.NODE_ENV === 'production') problems.push(`${name}: required in production`);
    else resolved[name] = DEV_SECRETS[name];
  }
  if (values.WEBHOOK_URL && !values.WEBHOOK_SECRET) problems.push('WEBHOOK_SECRET: required when WEBHOOK_URL is set');
  return resolved;
}

/**
 * RULE_<SECTION>_<KEY> overrides one rule, keys in SCREAMING_SNAKE form of the JSON key:
 * RULE_ROUTING_OWNER_RING_SECONDS=25, RULE_WORKING_HOURS_DAYS=[1,2,3]. Arrays and objects are JSON.
 */
function applyRuleOverrides(document: unknown, rawEnv: RawEnv, problems: string[]): unknown {
  if (!isRecord(document)) return document;
  const copy: Record<string, unknown> = structuredClone(document);
  for (const [sectionName, section] of Object.entries(copy)) {
    if (!isRecord(section)) continue;
    for (const [key, current] of Object.entries(section)) {
      const name = `RULE_${snake(sectionName)}_${snake(key)}`;
      const raw = rawEnv[name];
      if (raw === undefined) continue;
      if (typeof current === 'string') section[key] = raw;
      else {
        try {
          section[key] = JSON.parse(raw);
        } catch {
          problems.push(`${name}: not valid JSON (${raw.slice(0, 40)})`);
        }
      }
    }
  }
  return copy;
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: ZodError, prefix?: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path].filter((part) => part !== undefined).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
}
