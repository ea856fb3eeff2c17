import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { expectEventually } from '../support/eventually';
import { callIn, freshCaller } from '../support/sales-floor';
import { FaultStack } from './support/fault-stack';
import { RemoteFloor } from './support/remote-floor';

/**
 * S3 unreachable while recorded calls end. The issue asks for 2 minutes and 50 calls; scaled to
 * 45 s and 20 calls (and a 500 ms upload backoff base instead of 5 s) to keep the whole fault
 * project under 8 minutes on a 2-core machine. Recordings wait in Asterisk's spool on disk, not
 * in the service's memory, and all arrive verified once S3 is back.
 */
const REPS = 10;
const CALLS = 20;
const OUTAGE_MS = 45_000;
/**
 * The upload backoff's cap, scaled down like the outage: uploads must resume within it once S3 is
 * back. With 30 attempts the jobs outlast the outage (else the 60 s sweeper would pick them up).
 */
const BACKOFF_MAX_MS = 3_000;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Math.round(Number(line.replace(/\D+/g, ' ').trim().split(' ')[0]) / 1024);
}

describe('fault: S3 unreachable during recorded calls', () => {
  const stack = new FaultStack();
  const floor = new RemoteFloor(() => stack.service.url);

  beforeAll(async () => {
    await stack.up({ RULE_RECORDINGS_UPLOAD_BACKOFF_MS: '500', RULE_RECORDINGS_UPLOAD_BACKOFF_MAX_MS: String(BACKOFF_MAX_MS), RULE_RECORDINGS_UPLOAD_ATTEMPTS: '30' });
    await floor.setUp();
    await floor.addReps(REPS);
  }, 120_000);

  afterAll(async () => {
    await floor.tearDown();
    await stack.down();
  }, 60_000);

  it('keeps every recording and uploads each, verified, once S3 is back', async () => {
    const pid = stack.service.pid() as number;
    await stack.s3.stop();
    const outageStartedAt = Date.now();
    const rssBefore = rssMb(pid);
    await expectEventually(async () => expect((await floor.health()).body.components.storage.status).toBe('down'), 5_000, 200);
    const caller = freshCaller();
    const calls = await callIn(caller, { talkMs: 3_000, calls: CALLS, rate: 2 });
    let rssPeak = rssBefore;
    while (Date.now() - outageStartedAt < OUTAGE_MS) {
      rssPeak = Math.max(rssPeak, rssMb(pid));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect((await calls.done).successful).toBe(CALLS);

    const db = new Client({ connectionString: stack.postgres.url });
    await db.connect();
    try {
      const count = async (): Promise<Record<string, number>> => {
        const rows: Array<{ status: string; n: number }> = (await db.query(`SELECT r.status, count(*)::int AS n FROM recordings r JOIN calls c ON c.id = r.call_id WHERE c.caller_e164 = $1 GROUP BY r.status`, [caller])).rows;
        return Object.fromEntries(rows.map((row) => [row.status, row.n]));
      };
      // While S3 is down nothing is stored and nothing is given up: every recording waits for its upload.
      const waiting = await count();
      expect(waiting.stored ?? 0).toBe(0);
      expect(waiting.failed ?? 0).toBe(0);
      expect(Object.values(waiting).reduce((sum, n) => sum + n, 0)).toBe(CALLS);

      await stack.s3.start();
      const restartedAt = Date.now();
      await expectEventually(async () => expect(await count()).toEqual({ stored: CALLS }), 90_000, 1_000);
      const storedMs = Date.now() - restartedAt;
      // Capped backoff: every job's next try comes within BACKOFF_MAX_MS (uncapped, 45 s of doubling from 500 ms left ~30 s to wait).
      expect(storedMs).toBeLessThan(BACKOFF_MAX_MS + 12_000);
      const [{ calls: callRows }] = (await db.query(`SELECT count(*)::int AS calls FROM calls WHERE caller_e164 = $1 AND outcome = 'answered'`, [caller])).rows;
      expect(callRows).toBe(CALLS);
      // Memory stays flat: the audio is in Asterisk's spool, fetched one upload at a time.
      expect(rssPeak - rssBefore).toBeLessThan(100);
      process.stdout.write(
        [
          `[fault s3] ${CALLS} recorded calls ended during a ${OUTAGE_MS / 1000} s S3 outage (scaled from the issue's 2 min / 50 calls)`,
          `[fault s3] checked: /health storage down; no recording stored or failed while S3 was down; all ${CALLS} stored (verified by digest) after; service RSS ${rssBefore} MB → peak ${rssPeak} MB during the outage`,
          `[fault s3] every recording stored ${storedMs} ms after S3 started (upload backoff from 500 ms, capped at ${BACKOFF_MAX_MS} ms)`,
        ].join('\n') + '\n',
      );
    } finally {
      await db.end();
    }
  }, 240_000);
});
