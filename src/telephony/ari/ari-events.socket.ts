import WebSocket, { RawData } from 'ws';
import { AppLogger } from '../../common/logging/logger';
import { BackoffOptions, DEFAULT_BACKOFF, nextBackoffMs } from './ari-backoff';
import { redactUrl } from './ari-url';

export type AriConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface AriSocketHealth {
  state: AriConnectionState;
  lastConnectedAt: Date | null;
  lastDisconnectedAt: Date | null;
  /** Successful connections after the first one. */
  reconnects: number;
}

/** What the socket reports; the facade fans these out to subscribers. */
export interface AriSocketListener {
  onMessage(raw: unknown): void;
  onConnected(info: { reconnect: boolean }): void;
  onDisconnected(info: { reason: string }): void;
}

export interface AriSocketOptions {
  pingIntervalMs: number;
  /** No pong this long after a ping: the TCP peer is gone (Asterisk killed, cable, NAT). */
  pongTimeoutMs: number;
  handshakeTimeoutMs: number;
  /** Connected this long: the next failure starts again from the smallest backoff. */
  stableAfterMs: number;
  backoff: BackoffOptions;
  random: () => number;
}

export const DEFAULT_SOCKET_OPTIONS: AriSocketOptions = {
  pingIntervalMs: 5_000,
  pongTimeoutMs: 4_000,
  handshakeTimeoutMs: 5_000,
  stableAfterMs: 10_000,
  backoff: DEFAULT_BACKOFF,
  random: Math.random,
};

/**
 * The ARI events websocket. It never gives up: Asterisk restarts are routine, and a service that
 * stops listening after one failed reconnect silently drops every call. Stopped only by close().
 */
export class AriEventsSocket {
  private ws: WebSocket | null = null;
  private closed = false;
  private attempt = 0;
  private everConnected = false;
  private state: AriConnectionState = 'connecting';
  private lastConnectedAt: Date | null = null;
  private lastDisconnectedAt: Date | null = null;
  private reconnects = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private pongTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private readonly options: AriSocketOptions;
  private readonly safeUrl: string;

  constructor(
    private readonly url: string,
    private readonly listener: AriSocketListener,
    private readonly logger: AppLogger,
    options: Partial<AriSocketOptions> = {},
  ) {
    this.options = { ...DEFAULT_SOCKET_OPTIONS, ...options };
    this.safeUrl = redactUrl(url);
  }

  /** Starts connecting in the background; never throws, never waits for Asterisk. */
  start(): void {
    if (this.closed || this.ws || this.reconnectTimer) return;
    this.open();
  }

  health(): AriSocketHealth {
    return {
      state: this.state,
      lastConnectedAt: this.lastConnectedAt,
      lastDisconnectedAt: this.lastDisconnectedAt,
      reconnects: this.reconnects,
    };
  }

  /** Drops the current connection and connects again at once (Asterisk gives the app to the newest connection). */
  restart(): void {
    if (this.closed) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.clearTimers();
    const old = this.ws;
    // Its close is ignored (not the current socket any more): no disconnect signal, no backoff.
    this.ws = null;
    old?.terminate();
    if (this.state !== 'disconnected') this.lastDisconnectedAt = new Date();
    this.state = 'connecting';
    this.open();
  }

  /** Stops for good: no reconnect, no timers left behind. Resolves once the socket is closed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.state !== 'disconnected') this.lastDisconnectedAt = new Date();
    this.state = 'disconnected';
    this.clearTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      // terminate, not close: a graceful close handshake can hang on a dead peer.
      ws.terminate();
    });
  }

  private open(): void {
    this.logger.debug({ url: this.safeUrl, attempt: this.attempt }, 'ARI events socket connecting');
    const ws = new WebSocket(this.url, { handshakeTimeout: this.options.handshakeTimeoutMs });
    this.ws = ws;
    ws.on('open', () => this.handleOpen(ws));
    ws.on('message', (data: RawData) => this.handleMessage(data));
    ws.on('pong', () => this.clearPongTimer());
    // Errors are always followed by 'close', where reconnecting happens; a missing 'error'
    // listener would crash the process instead.
    ws.on('error', (error: Error) => this.logger.debug({ url: this.safeUrl, err: error.message }, 'ARI events socket error'));
    ws.on('close', (code: number, reason: Buffer) => this.handleClose(ws, code, reason.toString()));
  }

  private handleOpen(ws: WebSocket): void {
    if (this.closed || ws !== this.ws) return;
    const reconnect = this.everConnected;
    this.everConnected = true;
    if (reconnect) this.reconnects += 1;
    this.state = 'connected';
    this.lastConnectedAt = new Date();
    this.logger.info({ url: this.safeUrl, reconnect, reconnects: this.reconnects }, 'ARI events socket connected');
    this.pingTimer = setInterval(() => this.ping(ws), this.options.pingIntervalMs);
    this.stableTimer = setTimeout(() => {
      this.attempt = 0;
    }, this.options.stableAfterMs);
    this.safely(() => this.listener.onConnected({ reconnect }));
  }

  private handleMessage(data: RawData): void {
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      this.logger.warn({ bytes: data.toString().length }, 'ARI events socket: ignoring non-JSON message');
      return;
    }
    this.safely(() => this.listener.onMessage(raw));
  }

  private handleClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = null;
    this.clearTimers();
    if (this.closed) return;
    const wasConnected = this.state === 'connected';
    // Time of losing Asterisk, not of each failed retry while it stays down.
    if (this.state !== 'disconnected') this.lastDisconnectedAt = new Date();
    this.state = 'disconnected';
    const why = reason || `code ${code}`;
    if (wasConnected) {
      this.logger.warn({ url: this.safeUrl, code, reason: why }, 'ARI events socket disconnected');
      this.safely(() => this.listener.onDisconnected({ reason: why }));
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delayMs = nextBackoffMs(this.attempt, this.options.random(), this.options.backoff);
    this.attempt += 1;
    // Every attempt while Asterisk is down would flood the log; the first few and then every 10th.
    const level = this.attempt <= 3 || this.attempt % 10 === 0 ? 'info' : 'debug';
    this.logger[level]({ attempt: this.attempt, delayMs }, 'ARI events socket reconnect scheduled');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.open();
    }, delayMs);
  }

  private ping(ws: WebSocket): void {
    if (ws.readyState !== WebSocket.OPEN || this.pongTimer) return;
    this.pongTimer = setTimeout(() => {
      this.pongTimer = null;
      this.logger.warn({ url: this.safeUrl, timeoutMs: this.options.pongTimeoutMs }, 'ARI events socket: no pong, terminating');
      ws.terminate();
    }, this.options.pongTimeoutMs);
    ws.ping();
  }

  private clearPongTimer(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.pingTimer = null;
    this.stableTimer = null;
    this.clearPongTimer();
  }

  /** A subscriber's bug must not kill the socket that every call depends on. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.error({ err: error }, 'ARI events listener threw');
    }
  }
}
