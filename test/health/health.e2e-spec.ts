import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { expectEventually } from '../support/eventually';
import { ensureAsterisk, stopAsterisk } from '../support/telephony';
import { startTestApp, TestApp } from '../support/test-app';

async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** A Redis server of this test's own, so stopping it leaves the shared one alone. */
async function startPrivateRedis(port: number): Promise<ChildProcess> {
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await expectEventually(async () => {
    const client = await import('ioredis').then((module) => new module.default({ port, lazyConnect: true, maxRetriesPerRequest: 0 }));
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  }, 10_000);
  return redis;
}

describe('/health with the real PostgreSQL, Redis, Asterisk and S3', () => {
  let testApp: TestApp;
  let redis: ChildProcess;
  let redisPort: number;

  beforeAll(async () => {
    await ensureAsterisk();
    redisPort = await freeTcpPort();
    redis = await startPrivateRedis(redisPort);
    testApp = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
    redis?.kill('SIGKILL');
    await ensureAsterisk();
  }, 120_000);

  it('is 200 with every component up, without a token', async () => {
    const response = await expectEventually(async () => {
      const result = await testApp.http.get('/health');
      expect(result.status).toBe(200);
      return result;
    }, 15_000);
    expect(response.body.status).toBe('ok');
    for (const name of ['postgres', 'redis', 'ari', 'storage']) expect(response.body.components[name].status).toBe('up');
  });

  it('turns 503 naming Redis when Redis stops', async () => {
    redis.kill('SIGTERM');
    const response = await expectEventually(async () => {
      const result = await testApp.http.get('/health');
      expect(result.status).toBe(503);
      return result;
    }, 10_000);
    expect(response.body.components.redis.status).toBe('down');
    expect(response.body.components.postgres.status).toBe('up');
    // Redis back on the same port: health recovers without a restart of the service.
    redis = await startPrivateRedis(redisPort);
    await expectEventually(async () => expect((await testApp.http.get('/health')).body.components.redis.status).toBe('up'), 20_000);
  }, 60_000);

  it('turns 503 naming ARI when Asterisk stops, and recovers when it returns', async () => {
    await stopAsterisk();
    const down = await expectEventually(async () => {
      const result = await testApp.http.get('/health');
      expect(result.body.components.ari.status).toBe('down');
      return result;
    }, 20_000);
    expect(down.status).toBe(503);
    await ensureAsterisk();
    await expectEventually(async () => {
      const result = await testApp.http.get('/health');
      expect(result.body.components.ari.status).toBe('up');
    }, 30_000);
  }, 120_000);
});
