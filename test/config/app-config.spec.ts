import { readFileSync } from 'node:fs';
import { buildConfig, ConfigError, defaultRulesPath } from '../../src/config/app-config';

const rules = JSON.parse(readFileSync(defaultRulesPath(), 'utf8'));

function problemsOf(env: Record<string, string>, document: unknown = rules): string[] {
  try {
    buildConfig(env, document);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('builds a working development config from defaults alone', () => {
    const config = buildConfig({}, rules);
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.ari.url).toBe('http://127.0.0.1:8088');
    expect(config.rules.routing.ownerRingSeconds).toBe(20);
    expect(config.rules.pipelineStages[0].key).toBe('new');
  });

  it('reports every bad setting in one error', () => {
    const problems = problemsOf({ HTTP_PORT: '99999', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud', S3_USE_SSL: 'maybe' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^HTTP_PORT:/),
        expect.stringMatching(/^DATABASE_URL:/),
        expect.stringMatching(/^LOG_LEVEL:/),
        expect.stringMatching(/^S3_USE_SSL:/),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('refuses to start in production without each secret, naming all of them', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(['JWT_SECRET: required in production', 'ADMIN_PASSWORD: required in production', 'ARI_PASSWORD: required in production', 'S3_ACCESS_KEY: required in production', 'S3_SECRET_KEY: required in production']);
  });

  it('accepts production with every secret given', () => {
    const config = buildConfig(
      { NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(32), ADMIN_PASSWORD: 'correct horse battery', ARI_PASSWORD: 'ari-secret-1', S3_ACCESS_KEY: 'minio', S3_SECRET_KEY: 'minio-secret' },
      rules,
    );
    expect(config.auth.jwtSecret).toBe('a'.repeat(32));
  });

  it('rejects a short JWT secret', () => {
    expect(problemsOf({ JWT_SECRET: 'short' })).toEqual(['JWT_SECRET: must be at least 12 characters']);
  });

  it.each([
    ['RULE_ROUTING_OWNER_RING_SECONDS', '25', (c: ReturnType<typeof buildConfig>) => c.rules.routing.ownerRingSeconds, 25],
    ['RULE_ROUTING_STRONG_STRATEGY', 'round-robin', (c: ReturnType<typeof buildConfig>) => c.rules.routing.strongStrategy, 'round-robin'],
    ['RULE_WORKING_HOURS_DAYS', '[0,6]', (c: ReturnType<typeof buildConfig>) => c.rules.workingHours.days, [0, 6]],
  ])('lets %s override a rule', (name, value, read, expected) => {
    expect(read(buildConfig({ [name]: value }, rules))).toEqual(expected);
  });

  it.each([
    ['RULE_ROUTING_OWNER_RING_SECONDS', '1', /^rules\.routing\.ownerRingSeconds:/],
    ['RULE_ROUTING_STRONG_STRATEGY', 'random', /^rules\.routing\.strongStrategy:/],
    ['RULE_WORKING_HOURS_OPEN', '25:00', /^rules\.workingHours\.open: must be HH:MM/],
    ['RULE_WORKING_HOURS_TIME_ZONE', 'Mars/Base', /^rules\.workingHours\.timeZone: must be an IANA time zone/],
    ['RULE_OUTBOUND_CALLER_ID', '12345', /^rules\.outbound\.callerId: must be an E\.164/],
    ['RULE_WORKING_HOURS_DAYS', '[1,', /^RULE_WORKING_HOURS_DAYS: not valid JSON/],
  ])('rejects %s=%s', (name, value, pattern) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(pattern);
  });

  it('rejects duplicate pipeline stage keys', () => {
    const document = { ...rules, pipelineStages: [{ key: 'new', name: 'A' }, { key: 'new', name: 'B' }] };
    expect(problemsOf({}, document)).toEqual(['rules.pipelineStages: stage keys must be unique']);
  });

  it('requires a webhook secret when a webhook URL is set', () => {
    expect(problemsOf({ WEBHOOK_URL: 'https://crm.example/hooks' })).toEqual(['WEBHOOK_SECRET: required when WEBHOOK_URL is set']);
  });
});
