import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server. `cut()` is a real network failure as the
 * service sees it: every open connection (the ARI websocket, REST calls in flight) is reset and
 * new connections are refused until the cut is over.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Added to every answer from the server (so to every round trip); changes apply to open connections at once. */
  replyDelayMs = 0;
  private lastDue = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  async start(port = 0): Promise<number> {
    this.server = createServer((client) => {
      const upstream = createConnection({ port: this.targetPort, host: this.targetHost });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => this.delayed(client, chunk));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Replies in order, each held `replyDelayMs` (a slow link, not a slow server: throughput is unchanged). */
  private delayed(client: Socket, chunk: Buffer): void {
    if (this.replyDelayMs === 0 && this.lastDue <= Date.now()) {
      client.write(chunk);
      return;
    }
    const due = Math.max(this.lastDue, Date.now() + this.replyDelayMs);
    this.lastDue = due;
    setTimeout(() => {
      if (!client.destroyed) client.write(chunk);
    }, due - Date.now());
  }

  /** Resets everything now; listens again (same port) after `ms`. */
  async cut(ms: number): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, ms));
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
