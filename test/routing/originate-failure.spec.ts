import { originateFailure } from '../../src/routing/hangup-cause';
import { AriRequestError, AriUnavailableError } from '../../src/telephony/ari/ari-errors';

describe('originateFailure: what a refused originate says about the rep', () => {
  it.each([
    ['the caller hung up first', new AriRequestError(400, 'POST', '/channels', 'Provided originator channel was not found'), 'cancelled'],
    ['Asterisk did not answer in time', new AriUnavailableError('POST', '/channels', 'timed out after 5000 ms'), 'cancelled'],
    ['the endpoint is refused', new AriRequestError(400, 'POST', '/channels', 'Endpoint not found'), 'unreachable'],
    ['anything else', new Error('boom'), 'unreachable'],
  ])('%s → %s', (_case, error, expected) => {
    expect(originateFailure(error)).toBe(expected);
  });
});
