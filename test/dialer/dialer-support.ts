import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { isInsideWindow } from '../../src/dialer/dial-window.policy';
import { SippRun, startSipp } from '../support/sipp';
import { TestApp } from '../support/test-app';

export const DIALER_SIPP_DIR = resolve(__dirname, 'sipp');
export const TEST_WINDOW = { from: '08:00', to: '21:00' };

/** A zone where it is daytime now, so the e2e run works at any hour (the window itself is unit-tested). */
export function daytimeZone(now = new Date()): string {
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
  const zone = zones.find((z) => isInsideWindow({ timeZone: z }, { from: '09:00', to: '19:00' }, now));
  if (!zone) throw new Error('no daytime zone found');
  return zone;
}

/** The client's phone: the trunk's AOR contact is sip:127.0.0.2:5070 (telephony/asterisk/pjsip.conf). */
export function clientPhone(kind: 'survey' | 'busy' | 'no-answer' | 'machine', options: { digits?: string; delayMs?: number; calls?: number } = {}): SippRun {
  const scenario = { survey: resolve(DIALER_SIPP_DIR, 'uas-nps-silent.xml'), busy: 'uas-busy.xml', 'no-answer': 'uas-no-answer.xml', machine: 'uas-answer.xml' }[kind];
  const vars: Record<string, string | number> = kind === 'survey' ? { digits: options.digits ?? '', dtmf_delay_ms: options.delayMs ?? 6000 } : kind === 'machine' ? { ring_ms: 0, talk_ms: 0 } : {};
  return startSipp({ scenario, localIp: '127.0.0.2', localPort: 5070, calls: options.calls ?? 10, limit: 600, vars, globalTimeoutMs: 180_000 });
}

export function fastSettings(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    delayAfterWonSeconds: 0,
    window: TEST_WINDOW,
    maxAttempts: 2,
    retryDelaySeconds: { busy: 2, noAnswer: 2, failed: 2, machine: 2 },
    ringSeconds: 3,
    concurrency: 5,
    callsPerSecond: 5,
    callerId: '+4930123456789',
    noInputMs: 4000,
    interDigitMs: 1000,
    menuWaitMs: 1500,
    ...extra,
  };
}

export async function campaign(testApp: TestApp, auth: Record<string, string>, body: Record<string, unknown>, start = true): Promise<string> {
  const created = await testApp.http.post('/campaigns').set(auth).send(body);
  if (created.status !== 201) throw new Error(`campaign create ${created.status}: ${JSON.stringify(created.body)}`);
  if (start) await testApp.http.post(`/campaigns/${created.body.id}/actions`).set(auth).send({ action: 'start' }).expect(200);
  return created.body.id;
}

export async function targetOf(db: DataSource, campaignId: string, clientId: string): Promise<{ id: string; status: string; attempts: number } | undefined> {
  const [row] = await db.query(`SELECT id, status, attempts FROM campaign_targets WHERE campaign_id = $1 AND client_id = $2`, [campaignId, clientId]);
  return row;
}

export async function attemptsOf(db: DataSource, targetId: string): Promise<Array<{ attempt_no: number; outcome: string | null; amd_status: string | null; started_at: Date; ended_at: Date | null; call_id: string }>> {
  return db.query(`SELECT attempt_no, outcome, amd_status, started_at, ended_at, call_id FROM campaign_attempts WHERE target_id = $1 ORDER BY attempt_no`, [targetId]);
}
