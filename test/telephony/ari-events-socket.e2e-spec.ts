import { AddressInfo } from 'node:net';
import pino from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { AriEventsSocket } from '../../src/telephony/ari/ari-events.socket';
import { expectEventually } from '../support/eventually';

/**
 * The events socket's connection handling against a local stand-in server (loopback only), for
 * the failure modes a real Asterisk cannot be made to show on demand: a peer that stops
 * answering pings, a server that is down when close() is called.
 */
const silent = pino({ level: 'silent' });
const fast = { pingIntervalMs: 100, pongTimeoutMs: 200, stableAfterMs: 60_000, backoff: { baseMs: 20, capMs: 100 } };

interface Harness {
  server: WebSocketServer;
  url: string;
  sockets: WebSocket[];
  messages: unknown[];
  signals: string[];
  socket: AriEventsSocket;
}

const servers: WebSocketServer[] = [];
const clients: AriEventsSocket[] = [];

async function listen(options: { autoPong?: boolean; port?: number } = {}): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, autoPong: options.autoPong ?? true });
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return server;
}

async function harness(serverOptions: { autoPong?: boolean } = {}): Promise<Harness> {
  const server = await listen(serverOptions);
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ari/events?app=t&api_key=u:p`;
  const sockets: WebSocket[] = [];
  server.on('connection', (ws) => sockets.push(ws));
  const messages: unknown[] = [];
  const signals: string[] = [];
  const socket = new AriEventsSocket(
    url,
    {
      onMessage: (raw) => messages.push(raw),
      onConnected: ({ reconnect }) => signals.push(`connected:${reconnect}`),
      onDisconnected: () => signals.push('disconnected'),
    },
    silent,
    fast,
  );
  clients.push(socket);
  return { server, url, sockets, messages, signals, socket };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    for (const ws of server.clients) ws.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('AriEventsSocket', () => {
  it('delivers parsed messages and skips non-JSON ones', async () => {
    const h = await harness();
    h.socket.start();
    await expectEventually(() => expect(h.sockets).toHaveLength(1));
    h.sockets[0].send('not json');
    h.sockets[0].send(JSON.stringify({ type: 'StasisStart', args: ['inbound'] }));
    await expectEventually(() => expect(h.messages).toEqual([{ type: 'StasisStart', args: ['inbound'] }]));
    expect(h.socket.health()).toMatchObject({ state: 'connected', reconnects: 0 });
  });

  it('reconnects after the server drops it, signalling disconnected then connected(reconnect)', async () => {
    const h = await harness();
    h.socket.start();
    await expectEventually(() => expect(h.signals).toEqual(['connected:false']));
    h.sockets[0].terminate();
    await expectEventually(() => expect(h.signals).toEqual(['connected:false', 'disconnected', 'connected:true']));
    expect(h.socket.health()).toMatchObject({ state: 'connected', reconnects: 1 });
    expect(h.socket.health().lastDisconnectedAt).not.toBeNull();
  });

  it('treats a peer that stops answering pings as dead and reconnects', async () => {
    const h = await harness({ autoPong: false });
    h.socket.start();
    // No pong within 200 ms of a ping: terminated and reopened, without the server closing anything.
    await expectEventually(() => expect(h.sockets.length).toBeGreaterThanOrEqual(2), 3_000);
    expect(h.signals.slice(0, 3)).toEqual(['connected:false', 'disconnected', 'connected:true']);
  });

  it('keeps retrying while the server is down, then connects when it comes back', async () => {
    const probe = await listen();
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    servers.splice(servers.indexOf(probe), 1);
    const signals: string[] = [];
    const socket = new AriEventsSocket(
      `ws://127.0.0.1:${port}/ari/events`,
      { onMessage: () => undefined, onConnected: ({ reconnect }) => signals.push(`connected:${reconnect}`), onDisconnected: () => signals.push('disconnected') },
      silent,
      fast,
    );
    clients.push(socket);
    socket.start();
    await expectEventually(() => expect(socket.health().state).toBe('disconnected'));
    await listen({ port });
    await expectEventually(() => expect(socket.health().state).toBe('connected'), 3_000);
    // Never connected before: this is the first connection, not a reconnect.
    expect(signals).toEqual(['connected:false']);
  });

  it('close() stops for good: no reconnect afterwards, even with a retry pending', async () => {
    const h = await harness();
    h.socket.start();
    await expectEventually(() => expect(h.sockets).toHaveLength(1));
    h.sockets[0].terminate(); // a reconnect is now scheduled
    await h.socket.close();
    const connectionsAtClose = h.sockets.length;
    // Wait well past the backoff cap (100 ms): a leaked timer would open a new connection.
    const deadline = Date.now() + 400;
    await expectEventually(() => Date.now() >= deadline, 1_000, 50);
    expect(h.sockets).toHaveLength(connectionsAtClose);
    expect(h.socket.health().state).toBe('disconnected');
  });
});
