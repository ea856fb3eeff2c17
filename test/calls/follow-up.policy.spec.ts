import { CALL_OUTCOMES, CallOutcome } from '../../src/calls/call.entity';
import { FollowUp, followUpFor } from '../../src/calls/follow-up.policy';

const CLIENT = 'client-1';
const REP = 'rep-1';

describe('followUpFor: what a finished call leaves the client base', () => {
  it.each<[CallOutcome, string | null, string | null, FollowUp]>([
    ['abandoned', CLIENT, null, 'callback'],
    ['missed', CLIENT, null, 'callback'],
    ['after-hours', CLIENT, null, 'callback'],
    ['missed', CLIENT, REP, 'callback'],
    ['answered', CLIENT, REP, 'reminder'],
    ['answered', CLIENT, null, null],
    ['no-answer', CLIENT, REP, null],
    ['busy', CLIENT, REP, null],
    ['failed', CLIENT, REP, null],
    ['machine', CLIENT, REP, null],
    ['rejected', CLIENT, REP, null],
    ['missed', null, null, null],
    ['answered', null, REP, null],
  ])('%s, client %s, rep %s → %s', (outcome, clientId, repId, expected) => {
    expect(followUpFor(outcome, { clientId, repId })).toBe(expected);
  });

  it('has a rule for every outcome a call can end with', () => {
    for (const outcome of CALL_OUTCOMES) expect([null, 'callback', 'reminder']).toContain(followUpFor(outcome, { clientId: CLIENT, repId: REP }));
  });
});
