import { io, Socket } from 'socket.io-client';
import { LivePublisher } from '../../src/live/live-publisher';
import { expectEventually } from '../support/eventually';
import { ADMIN, loginAs, startTestApp, TestApp, unique } from '../support/test-app';

describe('socket.io /live handshake and team scoping (real Redis adapter)', () => {
  let testApp: TestApp;
  let url: string;
  let supervisorA: string;
  let teamA: string;
  let teamB: string;
  const sockets: Socket[] = [];

  const connect = (auth: Record<string, string> = {}): Socket => {
    const socket = io(`${url}/live`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  };
  const outcome = (socket: Socket): Promise<string> =>
    new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
    });

  beforeAll(async () => {
    testApp = await startTestApp();
    const address = testApp.app.getHttpServer().address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
    const admin = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
    teamA = (await testApp.http.post('/teams').set(admin).send({ name: unique('Live A ') }).expect(201)).body.id;
    teamB = (await testApp.http.post('/teams').set(admin).send({ name: unique('Live B ') }).expect(201)).body.id;
    const login = unique('livesup');
    await testApp.http.post('/users').set(admin).send({ login, displayName: 'Live Sup', password: 'supervisor-pass-1', role: 'supervisor', teamId: teamA }).expect(201);
    supervisorA = await loginAs(testApp, login, 'supervisor-pass-1');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await testApp.close();
  });

  it('refuses a handshake without a token', async () => {
    expect(await outcome(connect())).toBe('UNAUTHENTICATED');
  });

  it('refuses a handshake with a bad token', async () => {
    expect(await outcome(connect({ token: 'Bearer nope.nope.nope' }))).toBe('UNAUTHENTICATED');
  });

  it('accepts a valid token and delivers only the own team\'s events', async () => {
    const socket = connect({ token: supervisorA });
    expect(await outcome(socket)).toBe('connected');
    const received: unknown[] = [];
    socket.on('test.event', (payload) => received.push(payload));
    const publisher = testApp.app.get(LivePublisher);
    publisher.publish('test.event', { teamId: teamB }, { team: 'B' });
    publisher.publish('test.event', { teamId: teamA }, { team: 'A' });
    await expectEventually(() => expect(received).toEqual([{ team: 'A' }]));
  });
});
