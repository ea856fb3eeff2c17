import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { DomainEventMap, DomainEvents } from '../../src/common/events/domain-events';
import { WebhookDeliveryProcessor } from '../../src/webhooks/webhook-delivery.processor';
import { WebhookDelivery } from '../../src/webhooks/webhook-delivery.entity';
import { toWebhookPayload } from '../../src/webhooks/webhook-events';
import { WebhookQueue } from '../../src/webhooks/webhook-queue';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

const SECRET = 'webhook-test-secret-0123';
const MAX_ATTEMPTS = 4;

interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  deliveryId: string;
  answered: number;
}

/** A CRM stand-in: per deal it either fails twice then accepts (flaky), always fails (down) or accepts. */
class Receiver {
  readonly requests: ReceivedRequest[] = [];
  readonly modes = new Map<string, 'flaky' | 'down' | 'ok'>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const deliveryId = String(request.headers['x-salescall-delivery']);
      const dealId = (JSON.parse(body) as { data: { dealId: string } }).data.dealId;
      const earlier = this.forDelivery(deliveryId).length;
      const mode = this.modes.get(dealId) ?? 'flaky';
      const answered = mode === 'ok' || (mode === 'flaky' && earlier >= 2) ? 200 : 500;
      this.requests.push({ headers: request.headers, body, deliveryId, answered });
      response.writeHead(answered, { 'Content-Type': 'text/plain' }).end(answered === 200 ? 'ok' : 'try again');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/salescall-hooks`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  forDelivery(deliveryId: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.deliveryId === deliveryId);
  }
}

const dealOpened = (overrides: Partial<DomainEventMap['deal.opened']> = {}): DomainEventMap['deal.opened'] => ({
  dealId: randomUUID(),
  clientId: randomUUID(),
  ownerRepId: null,
  reason: 'inbound-call',
  at: new Date(),
  ...overrides,
});

describe('outbound webhooks (real PostgreSQL, Redis and an HTTP receiver)', () => {
  const receiver = new Receiver();
  let testApp: TestApp;
  let admin: { Authorization: string };
  const row = (id: string) => testApp.app.get(DataSource).getRepository(WebhookDelivery).findOneBy({ id });

  beforeAll(async () => {
    const url = await receiver.start();
    testApp = await startTestApp({
      WEBHOOK_URL: url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WEBHOOK_BACKOFF_MS: '100',
      WEBHOOK_TIMEOUT_MS: '2000',
      QUEUE_PREFIX: unique('test-webhooks-'),
    });
    admin = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
  });

  afterAll(async () => {
    await testApp?.close();
    await receiver.stop();
  });

  it('stores the event, retries through two 500s and delivers once with a valid signature', async () => {
    const event = dealOpened();
    const expected = toWebhookPayload('deal.opened', event);
    testApp.app.get(DomainEvents).emit('deal.opened', event);

    const delivered = await expectEventually(async () => {
      const current = await row(expected.id);
      expect(current).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null, eventType: 'deal.opened' });
      return current!;
    }, 15_000);
    expect(delivered.deliveredAt).toBeInstanceOf(Date);

    const requests = receiver.forDelivery(expected.id);
    expect(requests.map((request) => request.answered)).toEqual([500, 500, 200]);
    const accepted = requests[2];
    expect(accepted.headers).toMatchObject({
      'content-type': 'application/json',
      'x-salescall-event': 'deal.opened',
      'x-salescall-delivery': expected.id,
      'x-salescall-timestamp': expect.stringMatching(/^\d{10}$/),
    });
    const verdict = verifyWebhookSignature(
      SECRET,
      accepted.headers['x-salescall-signature'] as string,
      accepted.headers['x-salescall-timestamp'] as string,
      accepted.body,
      new Date(),
      300,
    );
    expect(verdict).toEqual({ valid: true });
    expect(JSON.parse(accepted.body)).toEqual(expected);
    expect(verifyWebhookSignature('some-other-secret-1', accepted.headers['x-salescall-signature'] as string, accepted.headers['x-salescall-timestamp'] as string, accepted.body, new Date())).toEqual({
      valid: false,
      reason: 'signature-mismatch',
    });
  });

  it('does not deliver the same event twice, however often it is emitted or enqueued', async () => {
    const event = dealOpened();
    const { id } = toWebhookPayload('deal.opened', event);
    receiver.modes.set(event.dealId, 'ok');
    const events = testApp.app.get(DomainEvents);
    events.emit('deal.opened', event);
    await expectEventually(async () => expect(await row(id)).toMatchObject({ status: 'delivered', attempts: 1 }), 10_000);

    events.emit('deal.opened', { ...event });
    await testApp.app.get(WebhooksService).record(toWebhookPayload('deal.opened', event));
    await testApp.app.get(WebhookQueue).enqueue(id);
    // The job itself re-reads the log and leaves a delivered row alone.
    expect(await testApp.app.get(WebhooksService).attempt(id, 1, MAX_ATTEMPTS)).toEqual({ status: 'skipped' });

    // A later event on the same queue is the barrier: once it is through, a duplicate would have been too.
    const barrier = dealOpened();
    receiver.modes.set(barrier.dealId, 'ok');
    events.emit('deal.opened', barrier);
    await expectEventually(async () => expect(await row(toWebhookPayload('deal.opened', barrier).id)).toMatchObject({ status: 'delivered' }), 10_000);

    expect(receiver.forDelivery(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'delivered', attempts: 1 });
    const count = await testApp.app.get(DataSource).getRepository(WebhookDelivery).countBy({ id });
    expect(count).toBe(1);
  });

  it('marks a delivery failed after the last attempt, lists it for admins and delivers it on a manual retry', async () => {
    const event = dealOpened();
    const { id } = toWebhookPayload('deal.opened', event);
    receiver.modes.set(event.dealId, 'down');
    testApp.app.get(DomainEvents).emit('deal.opened', event);

    await expectEventually(async () => expect(await row(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null }), 15_000);
    expect(receiver.forDelivery(id)).toHaveLength(MAX_ATTEMPTS);

    const failed = await testApp.http.get('/webhooks/deliveries').query({ status: 'failed', limit: '10' }).set(admin).expect(200);
    expect(failed.body.map((delivery: { id: string }) => delivery.id)).toContain(id);
    expect(failed.body.every((delivery: { status: string }) => delivery.status === 'failed')).toBe(true);

    receiver.modes.set(event.dealId, 'ok');
    const retried = await testApp.http.post(`/webhooks/deliveries/${id}/retry`).set(admin).expect(202);
    expect(retried.body).toMatchObject({ id, status: 'pending' });
    await expectEventually(async () => expect(await row(id)).toMatchObject({ status: 'delivered', attempts: MAX_ATTEMPTS + 1 }), 10_000);
    expect(receiver.forDelivery(id)).toHaveLength(MAX_ATTEMPTS + 1);

    const again = await testApp.http.post(`/webhooks/deliveries/${id}/retry`).set(admin).expect(409);
    expect(again.body.code).toBe('INVALID_STATE');
  });

  it.each([
    ['GET', '/webhooks/deliveries?status=lost', 400],
    ['GET', '/webhooks/deliveries?limit=0', 400],
    ['GET', '/webhooks/deliveries?limit=500', 400],
    ['GET', '/webhooks/deliveries?limit=abc', 400],
    ['POST', '/webhooks/deliveries/not-a-uuid/retry', 400],
    ['POST', `/webhooks/deliveries/${randomUUID()}/retry`, 404],
  ])('%s %s → %i', async (method, path, status) => {
    const call = method === 'GET' ? testApp.http.get(path) : testApp.http.post(path);
    await call.set(admin).expect(status);
  });

  it('is for admins only', async () => {
    await testApp.http.get('/webhooks/deliveries').expect(401);
    const teamId = (await testApp.http.post('/teams').set(admin).send({ name: unique('Hooks ') }).expect(201)).body.id as string;
    const login = unique('hooksup');
    await testApp.http.post('/users').set(admin).send({ login, displayName: 'Hook Sup', password: 'supervisor-pass-1', role: 'supervisor', teamId }).expect(201);
    const supervisor = { Authorization: `Bearer ${await loginAs(testApp, login, 'supervisor-pass-1')}` };
    await testApp.http.get('/webhooks/deliveries').set(supervisor).expect(403);
    await testApp.http.post(`/webhooks/deliveries/${randomUUID()}/retry`).set(supervisor).expect(403);
  });
});

describe('webhooks switched off (no WEBHOOK_URL)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ QUEUE_PREFIX: unique('test-webhooks-off-') });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('stores nothing, enqueues nothing and runs no worker', async () => {
    const event = dealOpened();
    testApp.app.get(DomainEvents).emit('deal.opened', event);
    // Listeners run on the microtask queue; one macrotask later any listener has had its turn.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await testApp.app.get(DataSource).getRepository(WebhookDelivery).countBy({ id: toWebhookPayload('deal.opened', event).id })).toBe(0);
    expect(testApp.app.get(WebhookDeliveryProcessor).worker.isRunning()).toBe(false);
    const admin = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    const response = await testApp.http.post(`/webhooks/deliveries/${randomUUID()}/retry`).set(admin).expect(409);
    expect(response.body.code).toBe('INVALID_STATE');
  });
});
