import { z } from 'zod';
import { E164_HINT, E164_PATTERN } from '../common/phone/e164';
import { UUID_PATTERN } from '../common/validation/uuid';

/**
 * The one typed description of every setting. `config/defaults.json` gives the documented
 * defaults for the business rules; environment variables give the infrastructure and secrets
 * and may override any rule. Nothing else in `src` reads `process.env`.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');
const e164 = z.string().regex(E164_PATTERN, E164_HINT);
const timeZone = z.string().refine(isKnownTimeZone, 'must be an IANA time zone like Europe/Berlin');

export const routingSchema = z.object({
  ownerRingSeconds: z.coerce.number().int().min(5).max(120),
  repRingSeconds: z.coerce.number().int().min(5).max(120),
  strongStrategy: z.enum(['longest-idle', 'fewest-calls', 'round-robin']),
  midTierJoinAfterSeconds: z.coerce.number().int().min(0).max(3600),
  maxQueueWaitSeconds: z.coerce.number().int().min(10).max(7200),
  hotClientsJumpQueue: z.coerce.boolean(),
  wrapUpSeconds: z.coerce.number().int().min(0).max(600),
  noAnswerPauseAfter: z.coerce.number().int().min(1).max(10),
  callbackDueMinutes: z.coerce.number().int().min(1).max(7 * 24 * 60),
  taskOverdueReassignMinutes: z.coerce.number().int().min(1).max(30 * 24 * 60),
  ownershipMovesAfterMisses: z.coerce.number().int().min(1).max(20),
});

export const workingHoursSchema = z.object({
  timeZone,
  days: z.array(z.number().int().min(0).max(6)).min(1),
  open: hhmm,
  close: z.union([hhmm, z.literal('24:00')]),
});

export const pipelineStageSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/),
  name: z.string().min(1).max(80),
});

/**
 * Sign-in protection. Failed logins are counted per login and per client address in a sliding
 * window kept in Redis (every instance sees the same counts); at the limit, login answers 429 with
 * Retry-After before any password hashing. A token's account is re-read at most every
 * `accountCacheSeconds` per instance, so a disabled account's tokens stop working within that time.
 */
export const authRulesSchema = z.object({
  loginFailuresPerLogin: z.coerce.number().int().min(1).max(1000),
  loginFailuresPerAddress: z.coerce.number().int().min(1).max(100_000),
  loginWindowSeconds: z.coerce.number().int().min(1).max(24 * 3600),
  accountCacheSeconds: z.coerce.number().int().min(0).max(60),
});
const AUTH_RULE_DEFAULTS = { loginFailuresPerLogin: 5, loginFailuresPerAddress: 20, loginWindowSeconds: 900, accountCacheSeconds: 5 };

const rulesSchema = z.object({
  routing: routingSchema,
  workingHours: workingHoursSchema,
  pipelineStages: z.array(pipelineStageSchema).min(1).refine(uniqueKeys, 'stage keys must be unique'),
  /** Live statistics: service level = % of inbound calls answered within this many seconds. */
  stats: z.object({ serviceLevelSeconds: z.coerce.number().int().min(1).max(600) }).default({ serviceLevelSeconds: 20 }),
  auth: authRulesSchema.default(AUTH_RULE_DEFAULTS),
  /** The reps' workspace: a call-now task (the client is reading the proposal) leads "next call" for this long. */
  workspace: z.object({ callNowWindowMinutes: z.coerce.number().int().min(1).max(24 * 60) }).default({ callNowWindowMinutes: 30 }),
  outbound: z.object({
    callerId: e164,
    blockedPrefixes: z.array(z.string().regex(/^\+\d{1,14}$/)),
    trunkEndpoint: z.string().regex(/^[A-Za-z0-9_-]+$/),
  }),
  recordings: z.object({
    retentionDays: z.coerce.number().int().min(1).max(36500),
    presignedUrlSeconds: z.coerce.number().int().min(1).max(3600),
    /** Call directions that are recorded (inbound, outbound, dialer). */
    directions: z.array(z.enum(['inbound', 'outbound', 'dialer'])).default(['inbound', 'outbound', 'dialer']),
    /** Campaigns whose calls are never recorded. */
    disabledCampaignIds: z.array(z.string().regex(UUID_PATTERN, 'must be a UUID')).default([]),
    /**
     * Upload job: attempts, first backoff (doubling) and the longest wait between two attempts.
     * The cap keeps uploads resuming within a minute of a long storage outage's end; once the
     * attempts run out the sweeper (every 60 s) queues the upload again.
     */
    uploadAttempts: z.coerce.number().int().min(1).max(50).default(12),
    uploadBackoffMs: z.coerce.number().int().min(10).max(600_000).default(5000),
    uploadBackoffMaxMs: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
    /**
     * How an upload is proven: `digest` trusts the store's MD5 ETag when it equals ours (the store
     * hashed the bytes it kept) and reads back only when it does not (SSE-KMS, multipart);
     * `read-back` always downloads the object again and hashes it.
     */
    verify: z.enum(['digest', 'read-back']).default('digest'),
  }),
});

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const secret = z.string().min(12, 'must be at least 12 characters');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/).default('salescall'),
  JWT_SECRET: secret.optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(8 * 3600),
  ADMIN_LOGIN: z.string().regex(/^[a-z0-9._-]{3,40}$/).default('admin'),
  ADMIN_PASSWORD: secret.optional(),
  ARI_URL: z.string().url().default('http://127.0.0.1:8088'),
  ARI_USER: z.string().min(1).default('salescall'),
  ARI_PASSWORD: z.string().min(8).optional(),
  ARI_APP: z.string().regex(/^[A-Za-z0-9_-]+$/).default('salescall'),
  ARI_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  ARI_HTTP_CONNECTIONS: z.coerce.number().int().min(1).max(900).default(128),
  SIP_REALM: z.string().regex(/^[A-Za-z0-9.-]{1,64}$/).default('salescall'),
  SIP_PUBLIC_HOST: z.string().regex(/^[A-Za-z0-9.:-]{1,255}$/).default('127.0.0.1'),
  SIP_PUBLIC_PORT: z.coerce.number().int().min(1).max(65535).default(5060),
  SIP_DEFAULT_COUNTRY: z.string().regex(/^[A-Z]{2}$/).default('DE'),
  /** Where browser softphones (/workspace) reach SIP over WebSocket: Asterisk's /ws; wss:// in production. */
  SIP_WS_URL: z.string().regex(/^wss?:\/\/[A-Za-z0-9.:[\]-]{1,255}(\/[A-Za-z0-9._~\/-]*)?$/, 'must be a ws:// or wss:// URL').default('ws://127.0.0.1:8088/ws'),
  S3_ENDPOINT: z.string().default('127.0.0.1'),
  S3_PORT: z.coerce.number().int().min(1).max(65535).default(4569),
  S3_USE_SSL: bool.default('false'),
  S3_ACCESS_KEY: z.string().min(3).optional(),
  S3_SECRET_KEY: z.string().min(8).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/).default('salescall-recordings'),
  S3_REGION: z.string().default('us-east-1'),
  SOCKET_CORS_ORIGIN: z.string().optional(),
  /**
   * Express "trust proxy": which hops may set X-Forwarded-For (e.g. `loopback`, `1`, `10.0.0.0/8`).
   * Unset, the client address is the TCP peer; behind a reverse proxy set it, or every login shares
   * the proxy's address and its failed-login limit.
   */
  TRUST_PROXY: z.string().regex(/^[A-Za-z0-9.:/, _-]{1,200}$/).optional(),
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Call-journal writes held in memory while PostgreSQL is unreachable; beyond it writes are dropped, loudly. */
  JOURNAL_MAX_PENDING: z.coerce.number().int().min(10).max(10_000_000).default(100_000),
  JOURNAL_RETRY_MAX_MS: z.coerce.number().int().min(10).max(60_000).default(2000),
  WEBHOOK_URL: z.string().url().optional(),
  WEBHOOK_SECRET: secret.optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(8),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
});

export type RoutingRules = z.infer<typeof routingSchema>;
export type WorkingHours = z.infer<typeof workingHoursSchema>;
export type PipelineStageDefinition = z.infer<typeof pipelineStageSchema>;
export type BusinessRules = z.infer<typeof rulesSchema>;
export type Env = z.infer<typeof envSchema>;
export { rulesSchema };

function uniqueKeys(stages: { key: string }[]): boolean {
  return new Set(stages.map((stage) => stage.key)).size === stages.length;
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
