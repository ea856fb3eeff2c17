import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallJournalService } from '../../src/calls/call-journal.service';
import { nextDayStart, startOfDay } from '../../src/common/time/zoned-clock';
import { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/config.module';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

/** callsToday, which `fewest-calls` routing compares: rebuilt from the journal at boot, reset at local midnight. */
describe('a rep\'s calls today (real PostgreSQL)', () => {
  let testApp: TestApp;
  let repId: string;
  let zone: string;

  async function answeredCall(endedAt: Date): Promise<void> {
    const db = testApp.app.get(DataSource);
    const callId = randomUUID();
    await testApp.app.get(CallJournalService).insertStart({ callId, direction: 'inbound', channelId: randomUUID(), callerE164: '+4930111222', calleeE164: '+4930555000', clientId: null, dealId: null, campaignId: null, enqueuedAt: endedAt, startedAt: new Date(endedAt.getTime() - 120_000) });
    await db.query(`UPDATE calls SET rep_id = $2, answered_at = $3, ended_at = $4, outcome = 'answered' WHERE id = $1`, [callId, repId, new Date(endedAt.getTime() - 60_000), endedAt]);
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    const auth = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    const teamId = (await testApp.http.post('/teams').set(auth).send({ name: unique('Calls today ') }).expect(201)).body.id;
    repId = (await testApp.http.post('/reps').set(auth).send({ login: unique('today'), displayName: 'Rep Today', password: 'rep-password-1', teamId, tier: 'strong' }).expect(201)).body.id;
    zone = testApp.app.get<AppConfig>(APP_CONFIG).rules.workingHours.timeZone;
    const dayStart = startOfDay(Date.now(), zone);
    await answeredCall(new Date(Math.max(dayStart + 1000, Date.now() - 5000)));
    await answeredCall(new Date(Math.max(dayStart + 2000, Date.now() - 4000)));
    await answeredCall(new Date(dayStart - 3_600_000));
    // The restart: a new instance reads what the journal says about today.
    await testApp.close();
    testApp = await startTestApp();
  });
  afterAll(() => testApp?.close());

  it('survives a restart: the day\'s answered calls are counted again at boot, yesterday\'s are not', () => {
    expect(testApp.app.get(RepRosterService).get(repId)?.callsToday).toBe(2);
  });

  it('starts again at zero at midnight in the working-hours zone', () => {
    const roster = testApp.app.get(RepRosterService);
    const midnight = nextDayStart(Date.now(), zone);
    expect(roster.rollOverIfNewDay(new Date(midnight - 1000))).toBe(false);
    expect(roster.get(repId)?.callsToday).toBe(2);
    expect(roster.rollOverIfNewDay(new Date(midnight))).toBe(true);
    expect(roster.get(repId)?.callsToday).toBe(0);
    expect(roster.rollOverIfNewDay(new Date(midnight + 60_000))).toBe(false);
  });
});
