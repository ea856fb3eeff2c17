import { DataSource } from 'typeorm';
import { CallJournalService } from '../../src/calls/call-journal.service';
import { callIdForChannel } from '../../src/routing/call-ids';
import { CallerDirectory } from '../../src/routing/caller-directory.service';
import { CallerFacts, CallerLookup } from '../../src/routing/caller-lookup';
import { InboundRouterService } from '../../src/routing/inbound-router.service';
import { AriChannel } from '../../src/telephony/ari/ari-resources';
import { expectEventually } from '../support/eventually';
import { startTestApp, TestApp, unique } from '../support/test-app';

/**
 * A caller who hangs up while the router still looks them up in the database (the caller directory
 * has not loaded yet). The real router and journal write to the real PostgreSQL; only the moment is
 * staged: the directory answers "not loaded" and the lookup resolves when the test says, because
 * the 400 ms window cannot be hit on demand with a real caller.
 */
describe('inbound router: the caller leaves during the database lookup (real PostgreSQL)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ RULE_WORKING_HOURS_DAYS: '[0,1,2,3,4,5,6]', RULE_WORKING_HOURS_OPEN: '00:00', RULE_WORKING_HOURS_CLOSE: '24:00' });
  });
  afterAll(() => testApp?.close());

  it('the call row is written and closed as abandoned; nobody is offered the call', async () => {
    const router = testApp.app.get(InboundRouterService);
    let finishLookup: (facts: CallerFacts | null) => void = () => undefined;
    jest.spyOn(testApp.app.get(CallerDirectory), 'lookup').mockReturnValue(undefined);
    jest.spyOn(testApp.app.get(CallerLookup), 'find').mockImplementation(() => new Promise((resolve) => (finishLookup = resolve)));
    const channelId = unique('lookup-hangup-');
    const callId = callIdForChannel(channelId);

    const routing = router.onInbound({ id: channelId, callerNumber: '+4930765432', dialplan: { exten: '4930555000' } } as unknown as AriChannel, [], new Date(), performance.now());
    router.onChannelGone(channelId, 16, 'Normal Clearing');
    finishLookup(null);
    await routing;

    await testApp.app.get(CallJournalService).settled(callId);
    const db = testApp.app.get(DataSource);
    const row = await expectEventually(async () => {
      const [found] = await db.query(`SELECT outcome, ended_at, answered_at, rep_id FROM calls WHERE id = $1`, [callId]);
      return found ?? false;
    });
    expect(row).toMatchObject({ outcome: 'abandoned', answered_at: null, rep_id: null });
    expect(row.ended_at).toBeInstanceOf(Date);
    expect(router.activeCalls().map((call) => call.callId)).not.toContain(callId);
    expect(await db.query(`SELECT type FROM call_events WHERE call_id = $1 AND type = 'offer'`, [callId])).toEqual([]);
  });
});
