import { defaultSettings, mergeSettings } from '../../src/dialer/campaign-settings.policy';
import { mediaUriProblem } from '../../src/dialer/media-uri.policy';
import { prototypeKeyPaths } from '../../src/common/validation/prototype-keys.policy';

describe('media URIs a prompt may name', () => {
  it.each([
    'sound:beep',
    'sound:vm-goodbye',
    'sound:custom/nps_intro-2',
    'sound:en/digits/1',
    'recording:nps-intro',
    'recording:team_a/intro',
    'digits:1',
    'digits:12*#',
    'number:42',
    'number:-7',
    'tone:ring',
    'tone:!950/330,!1400/330',
  ])('%s is playable', (uri) => {
    expect(mediaUriProblem(uri)).toBeNull();
  });

  it.each([
    ['sound:../../../../etc/passwd', 'traversal'],
    ['sound:/etc/passwd', 'absolute path'],
    ['sound:a/../b', 'traversal in the middle'],
    ['sound:a//b', 'empty segment'],
    ['sound:a/', 'trailing slash'],
    ['sound:beep.gsm', 'a dot'],
    ['sound:', 'empty name'],
    ['sound:a b', 'a space'],
    ['sound:%2e%2e/x', 'an encoded dot'],
    [`sound:${'a'.repeat(81)}`, 'too long'],
    ['recording:../../x', 'traversal'],
    ['recording:/var/spool/asterisk/x', 'absolute path'],
    ['digits:12a', 'a letter in digits'],
    ['number:1.5', 'a fraction'],
    ['tone:../x', 'a dot in a tone'],
    ['http://evil/x.wav', 'an unknown scheme'],
    ['file:/etc/passwd', 'an unknown scheme'],
    ['constructor:x', 'a prototype name as scheme'],
    ['beep', 'no scheme'],
    [42, 'not a string'],
  ] as Array<[unknown, string]>)('%s is refused (%s)', (uri) => {
    expect(mediaUriProblem(uri)).not.toBeNull();
  });
});

// Every request body goes through this check (src/common/validation/prototype-keys.middleware.ts).
describe('prototype keys in a body', () => {
  it.each([
    [{ maxAttempts: 2 }, []],
    [JSON.parse('{"__proto__": {"maxAttempts": 5}}'), ['__proto__']],
    [{ constructor: { prototype: {} } }, ['constructor', 'constructor.prototype']],
    [{ prompts: JSON.parse('{"__proto__": ["sound:beep"]}') }, ['prompts.__proto__']],
    [{ retryDelaySeconds: { prototype: 5 } }, ['retryDelaySeconds.prototype']],
    [{ prompts: { question: [JSON.parse('{"__proto__": 1}')] } }, ['prompts.question[0].__proto__']],
  ])('%j → %j', (value, paths) => {
    expect(prototypeKeyPaths(value)).toEqual(paths);
  });
});

// Prototype keys never reach mergeSettings (refused for every body); the rows here show it stays safe on its own.
describe('mergeSettings refuses bad prompts and unknown keys', () => {
  const base = defaultSettings('+4930123456789');
  it.each([
    [{ prompts: { question: ['sound:../../../../etc/passwd'] } }, 'prompts.question'],
    [{ prompts: { goodbye: ['sound:/etc/passwd'] } }, 'prompts.goodbye'],
    [{ prompts: { thanks: ['sound:beep', 'recording:../../x'] } }, 'prompts.thanks'],
    [JSON.parse('{"__proto__": {"maxAttempts": 5}}'), '__proto__'],
    [{ prompts: JSON.parse('{"__proto__": ["sound:beep"]}') }, 'prompts.__proto__'],
    [{ prompts: { constructor: ['sound:beep'] } }, 'prompts.constructor'],
  ])('%j is refused at %s', (patch, field) => {
    const result = mergeSettings(base, patch as Record<string, unknown>);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field);
  });

  it('a refused prototype key leaves the shared defaults untouched', () => {
    mergeSettings(base, { prompts: JSON.parse('{"__proto__": ["sound:evil"]}') });
    expect(Object.getPrototypeOf(base.prompts)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).maxAttempts).toBeUndefined();
  });

  it('accepts a clean set of prompts', () => {
    const result = mergeSettings(base, { prompts: { question: ['sound:custom/nps-question', 'digits:1'], menu: ['tone:ring', 'number:2'] } });
    expect(result.ok && result.settings.prompts.question).toEqual(['sound:custom/nps-question', 'digits:1']);
  });
});
