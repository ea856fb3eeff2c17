import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallJournalService } from '../../src/calls/call-journal.service';
import { startTestApp, TestApp } from '../support/test-app';

/** The journal's one-statement writes against real PostgreSQL: rows, their events, replays. */
describe('call journal (real PostgreSQL)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let journal: CallJournalService;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = testApp.app.get(DataSource);
    journal = testApp.app.get(CallJournalService);
  });

  afterAll(() => testApp.close());

  const start = (callId: string, identified?: Record<string, unknown>) => ({
    callId,
    direction: 'inbound' as const,
    channelId: `journal-${callId}`,
    callerE164: '+4930123456',
    calleeE164: '+4930999000',
    clientId: null,
    dealId: null,
    enqueuedAt: null,
    startedAt: new Date('2026-11-27T10:00:00Z'),
    identified,
  });
  const events = async (callId: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> =>
    db.query(`SELECT type, data FROM call_events WHERE call_id = $1 ORDER BY at, id`, [callId]);

  it('writes the row, call.started and client.identified in that order, in one statement', async () => {
    const callId = randomUUID();
    const queries = jest.spyOn(db, 'query');
    try {
      expect(await journal.insertStart(start(callId, { clientId: null, temperature: 'cold' }))).toBe(true);
      // The app's own background work (health probe, sweeps) shares this data source: count only
      // the statements that touch the call's row or timeline.
      expect(queries.mock.calls.filter(([sql]) => /\b(INSERT INTO|UPDATE) call(s|_events)\b/.test(String(sql)))).toHaveLength(1);
    } finally {
      queries.mockRestore();
    }
    expect(await db.query(`SELECT caller_e164 FROM calls WHERE id = $1`, [callId])).toEqual([{ caller_e164: '+4930123456' }]);
    expect(await events(callId)).toEqual([
      { type: 'call.started', data: { direction: 'inbound', caller: '+4930123456', callee: '+4930999000' } },
      { type: 'client.identified', data: { clientId: null, temperature: 'cold' } },
    ]);
  });

  it('a replayed start changes nothing, and a start without identification has only call.started', async () => {
    const callId = randomUUID();
    expect(await journal.insertStart(start(callId))).toBe(true);
    expect(await journal.insertStart(start(callId, { clientId: null }))).toBe(false);
    expect((await events(callId)).map((event) => event.type)).toEqual(['call.started']);
  });
});
