import { loadConfig } from '../../src/config/app-config';
import { generateDemoData, summarize } from '../../src/seed/demo-data';
import { DEFAULT_SEED_PASSWORD, formatSummary, parseSeedArgs, SeedInputError, seedPasswordFrom } from '../../src/seed/seed-cli';

describe('seed command line', () => {
  it.each([
    [[], { reset: false, help: false }],
    [['--reset'], { reset: true, help: false }],
    [['--help'], { reset: false, help: true }],
    [['-h', '--reset'], { reset: true, help: true }],
  ])('reads %j', (argv, expected) => {
    expect(parseSeedArgs(argv)).toEqual(expected);
  });

  it('refuses an unknown argument with the usage', () => {
    expect(() => parseSeedArgs(['--rest'])).toThrow(SeedInputError);
    expect(() => parseSeedArgs(['--rest'])).toThrow(/Usage: npm run seed/);
  });

  it.each([
    [{}, DEFAULT_SEED_PASSWORD],
    [{ SEED_PASSWORD: '' }, DEFAULT_SEED_PASSWORD],
    [{ SEED_PASSWORD: 'a-longer-passphrase' }, 'a-longer-passphrase'],
  ])('takes the password from %j', (env, expected) => {
    expect(seedPasswordFrom(env)).toBe(expected);
  });

  it('refuses a password the org API itself would refuse', () => {
    expect(() => seedPasswordFrom({ SEED_PASSWORD: 'short' })).toThrow(/at least 12 characters/);
  });

  it('prints a table of counts and the password once', () => {
    const now = new Date('2026-03-18T10:30:00Z');
    const data = generateDemoData({ stages: loadConfig().rules.pipelineStages, now, clientCount: 50 });
    const text = formatSummary(summarize(data, now), { password: 'p4ssw0rd-for-demo', seconds: 1.234, exampleLogins: ['a.b (supervisor)'] });
    expect(text).toContain('| clients             | 50');
    expect(text).toContain('in 1.2 s');
    expect(text.split('p4ssw0rd-for-demo')).toHaveLength(2);
    const tableLines = text.split('\n').filter((line) => line.startsWith('|') || line.startsWith('+'));
    expect(new Set(tableLines.map((line) => line.length)).size).toBe(1);
  });
});
