import request from 'supertest';
import { expectEventually } from '../../support/eventually';
import { SippRun, startSippOnFreePort } from '../../support/sipp';
import { ADMIN, unique } from '../../support/test-app';

export interface RemoteRep {
  id: string;
  login: string;
  endpoint: string;
}

/**
 * The sales floor of test/support/sales-floor.ts, for a service running as a separate process:
 * everything goes through its HTTP API (the fault suite cannot reach into the process).
 */
export class RemoteFloor {
  readonly reps: RemoteRep[] = [];
  readonly phones: SippRun[] = [];
  private token = '';
  teamId = '';

  constructor(private readonly baseUrl: () => string) {}

  http(): ReturnType<typeof request> {
    return request(this.baseUrl());
  }

  /** The admin's access token (for a dashboard socket). */
  accessToken(): string {
    return this.token;
  }

  auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }

  async setUp(): Promise<void> {
    this.token = (await this.http().post('/auth/login').send(ADMIN).expect(200)).body.accessToken;
    this.teamId = (await this.http().post('/teams').set(this.auth()).send({ name: unique('Faults ') }).expect(201)).body.id;
  }

  /** `count` strong reps on one SIPp softphone that answers after `ringMs` and lets the caller end the call. */
  async addReps(count: number, ringMs = 300): Promise<RemoteRep[]> {
    const phone = await startSippOnFreePort({ scenario: 'uas-answer.xml', calls: 100_000, vars: { ring_ms: ringMs, talk_ms: 0 } });
    this.phones.push(phone);
    const added: RemoteRep[] = [];
    for (let i = 0; i < count; i += 1) {
      const login = unique('strong.').replace(/[^a-z0-9._-]/g, '');
      const body = { login, displayName: `Rep ${login}`, password: 'rep-password-123', teamId: this.teamId, tier: 'strong', sipStaticContact: `sip:rep-${login.replace(/[^a-z0-9_-]/g, '-')}@127.0.0.1:${phone.localPort}` };
      const created = await this.http().post('/reps').set(this.auth()).send(body).expect(201);
      added.push({ id: created.body.id, login, endpoint: created.body.sipEndpoint });
    }
    this.reps.push(...added);
    await expectEventually(async () => {
      const states = await this.states();
      for (const rep of added) expect(states.get(rep.id)).toBe('available');
    }, 20_000, 200);
    return added;
  }

  async states(): Promise<Map<string, string>> {
    const floor: Array<{ repId: string; state: string }> = (await this.http().get('/routing/floor').set(this.auth()).expect(200)).body;
    return new Map(floor.map((rep) => [rep.repId, rep.state]));
  }

  async health(): Promise<{ status: number; body: { status: string; components: Record<string, { status: string; latencyMs?: number; details?: Record<string, unknown> }> } }> {
    const response = await this.http().get('/health');
    return { status: response.status, body: response.body };
  }

  async tearDown(): Promise<void> {
    for (const phone of this.phones) await phone.stop(500);
  }
}
