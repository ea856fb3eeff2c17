import { DataSource } from 'typeorm';
import { RepRosterService } from '../../src/routing/rep-roster.service';
import { SippRun, startSippOnFreePort } from './sipp';
import { expectEventually } from './eventually';
import { ADMIN, loginAs, TestApp, unique } from './test-app';

export type PhoneBehaviour = 'answer' | 'no-answer' | 'busy';

const SCENARIO: Record<PhoneBehaviour, string> = { answer: 'uas-answer.xml', 'no-answer': 'uas-no-answer.xml', busy: 'uas-busy.xml' };

export interface FloorRep {
  id: string;
  login: string;
  endpoint: string;
  phone: SippRun;
}

/**
 * A sales floor for end-to-end tests: real reps created through the API, each with a SIPp
 * "softphone" (a UAS on its own port, reached through a static SIP contact) and a behaviour.
 */
export class SalesFloor {
  readonly reps: FloorRep[] = [];
  private adminToken = '';
  teamId = '';

  constructor(private readonly testApp: TestApp) {}

  /**
   * A floor of its own: reps other suites left enabled in the shared test database (their SIPp
   * phones long gone) are disabled, so routing and the fallback ring group see only this floor;
   * campaigns left running are stopped.
   */
  async setUp(): Promise<void> {
    this.adminToken = await loginAs(this.testApp, ADMIN.login, ADMIN.password);
    this.teamId = (await this.testApp.http.post('/teams').set(this.auth()).send({ name: unique('Floor ') }).expect(201)).body.id;
    const db = this.testApp.app.get(DataSource);
    await db.query(`UPDATE reps SET enabled = false WHERE enabled`);
    // Campaigns another suite left running would have this app's dialer place calls meanwhile.
    await db.query(`UPDATE campaigns SET status = 'stopped' WHERE status IN ('running', 'paused')`);
    await this.testApp.app.get(RepRosterService).reload();
  }

  auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.adminToken}` };
  }

  async addRep(tier: 'strong' | 'mid' | 'junior', behaviour: PhoneBehaviour, options: { ringMs?: number; talkMs?: number; phone?: SippRun } = {}): Promise<FloorRep> {
    const phone = options.phone ?? (await this.phone(behaviour, options));
    const login = unique(`${tier}.`).replace(/[^a-z0-9._-]/g, '');
    const body = { login, displayName: `Rep ${login}`, password: 'rep-password-123', teamId: this.teamId, tier, sipStaticContact: `sip:rep-${login.replace(/[^a-z0-9_-]/g, '-')}@127.0.0.1:${phone.localPort}` };
    const created = await this.testApp.http.post('/reps').set(this.auth()).send(body).expect(201);
    const rep: FloorRep = { id: created.body.id, login, endpoint: created.body.sipEndpoint, phone };
    this.reps.push(rep);
    await this.waitForState(rep.id, 'available');
    return rep;
  }

  /** One SIPp UAS can be the softphone of many reps: each rep's contact points at its port. */
  async phone(behaviour: PhoneBehaviour, options: { ringMs?: number; talkMs?: number } = {}): Promise<SippRun> {
    return startSippOnFreePort({
      scenario: SCENARIO[behaviour],
      calls: 100_000,
      vars: behaviour === 'answer' ? { ring_ms: options.ringMs ?? 300, talk_ms: options.talkMs ?? 0 } : {},
    });
  }

  async addReps(count: number, tier: 'strong' | 'mid' | 'junior', behaviour: PhoneBehaviour): Promise<FloorRep[]> {
    const phone = await this.phone(behaviour);
    const reps: FloorRep[] = [];
    for (let i = 0; i < count; i += 1) reps.push(await this.addRep(tier, behaviour, { phone }));
    return reps;
  }

  async floor(): Promise<Array<{ repId: string; state: string; pauseReason: string | null }>> {
    return (await this.testApp.http.get('/routing/floor').set(this.auth()).expect(200)).body;
  }

  async waitForState(repId: string, state: string, timeoutMs = 10_000): Promise<void> {
    await expectEventually(async () => {
      const rep = (await this.floor()).find((entry) => entry.repId === repId);
      expect(rep?.state).toBe(state);
    }, timeoutMs);
  }

  async setState(repId: string, state: 'available' | 'paused' | 'offline'): Promise<void> {
    await this.testApp.http.post(`/reps/${repId}/state`).set(this.auth()).send({ state, reason: 'test' }).expect(200);
  }

  /** Disables every rep of this floor (their SIP accounts go) and stops their phones. */
  async tearDown(): Promise<void> {
    const phones = new Set<SippRun>();
    for (const rep of this.reps) {
      await this.testApp.http.patch(`/reps/${rep.id}`).set(this.auth()).send({ enabled: false });
      phones.add(rep.phone);
    }
    for (const phone of phones) await phone.stop(500);
    this.reps.length = 0;
  }

  async client(name: string, phone: string, ownerRepId?: string): Promise<string> {
    const created = await this.testApp.http.post('/clients').set(this.auth()).send({ name, phones: [phone], ownerRepId }).expect(201);
    return created.body.id;
  }
}

/** A caller through the trunk (127.0.0.2): talks `talkMs` unless Asterisk or the rep hangs up first. */
export async function callIn(caller: string, options: { talkMs?: number; dialed?: string; hangupAfterMs?: number; calls?: number; rate?: number } = {}): Promise<SippRun> {
  if (options.hangupAfterMs !== undefined) {
    return startSippOnFreePort({ scenario: 'uac-hangup-early.xml', remote: '127.0.0.1:5060', localIp: '127.0.0.2', service: options.dialed ?? '4930555000', vars: { caller, hangup_after_ms: options.hangupAfterMs }, globalTimeoutMs: 120_000 });
  }
  return startSippOnFreePort({ scenario: 'uac-inbound-audio.xml', remote: '127.0.0.1:5060', localIp: '127.0.0.2', service: options.dialed ?? '4930555000', durationMs: options.talkMs ?? 2000, vars: { caller }, calls: options.calls, rate: options.rate, globalTimeoutMs: 120_000 });
}

export interface CallRow {
  id: string;
  outcome: string | null;
  route: string | null;
  rep_id: string | null;
  client_id: string | null;
  deal_id: string | null;
  answered_at: Date | null;
  ended_at: Date | null;
  wait_seconds: number | null;
  talk_seconds: number | null;
  hangup_cause: string | null;
}

export async function callsFrom(dataSource: DataSource, caller: string): Promise<CallRow[]> {
  return dataSource.query(`SELECT * FROM calls WHERE caller_e164 = $1 ORDER BY created_at`, [caller]);
}

export async function timeline(dataSource: DataSource, callId: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  return dataSource.query(`SELECT type, data FROM call_events WHERE call_id = $1 ORDER BY at, id`, [callId]);
}

let numberCounter = 0;
/** A fresh caller number for each test call: +49 170 then 7 digits (valid length in Germany). */
export function freshCaller(): string {
  numberCounter += 1;
  const tail = `${Date.now() % 100000}${numberCounter}`.padStart(7, '0').slice(-7);
  return `+49170${tail}`;
}
