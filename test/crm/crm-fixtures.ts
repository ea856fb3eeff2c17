import { loginAs, TestApp, unique } from '../support/test-app';

/** Org set-up through the public API, as an operator would do it. */
export class CrmFixtures {
  constructor(
    private readonly testApp: TestApp,
    private readonly adminToken: string,
  ) {}

  auth(token = this.adminToken): Record<string, string> {
    return { Authorization: `Bearer ${token}` };
  }

  async team(label: string): Promise<string> {
    return (await this.testApp.http.post('/teams').set(this.auth()).send({ name: unique(`${label} `) }).expect(201)).body.id;
  }

  async supervisor(teamId: string): Promise<string> {
    const login = unique('sup');
    await this.testApp.http.post('/users').set(this.auth()).send({ login, displayName: 'Supervisor', password: 'supervisor-pass-1', role: 'supervisor', teamId }).expect(201);
    return loginAs(this.testApp, login, 'supervisor-pass-1');
  }

  async rep(teamId: string, tier: 'strong' | 'mid' | 'junior', options: { login?: boolean } = {}): Promise<{ id: string; token: string }> {
    const login = unique(`rep${tier}`);
    const created = await this.testApp.http.post('/reps').set(this.auth()).send({ login, displayName: `Rep ${tier}`, password: 'rep-password-1', teamId, tier }).expect(201);
    return { id: created.body.id, token: options.login === false ? '' : await loginAs(this.testApp, login, 'rep-password-1') };
  }

  /** A fresh, valid German mobile number: random, and never the same twice in one process. */
  phone(): string {
    for (;;) {
      const candidate = `+49151${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      if (!usedPhones.has(candidate)) {
        usedPhones.add(candidate);
        return candidate;
      }
    }
  }

  async client(body: Record<string, unknown>): Promise<{ id: string; phones: Array<{ e164: string }> }> {
    const response = await this.testApp.http.post('/clients').set(this.auth()).send({ name: unique('Client '), phones: [this.phone()], ...body });
    if (response.status !== 201) throw new Error(`POST /clients → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

const usedPhones = new Set<string>();
