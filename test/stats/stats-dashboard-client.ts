import { io, Socket } from 'socket.io-client';

export interface Snapshot {
  scope: string;
  epoch: string;
  seq: number;
  calls: Array<{ callId: string; phase: string; repId: string | null }>;
  reps: Array<{ repId: string; state: string }>;
  numbers: { today: { offered: number; answered: number; abandoned: number }; waiting: number; inProgress: number };
}
export interface Delta {
  scope: string;
  epoch: string;
  seq: number;
  changes: Array<{ kind: string; callId?: string; call?: { phase: string } | null }>;
  numbers: Snapshot['numbers'];
}

/**
 * A dashboard client as the page implements it: keeps the snapshot's seq, applies deltas in
 * order, re-syncs on a gap and after every reconnect (the server sends a snapshot on connect).
 */
export class DashboardClient {
  readonly socket: Socket;
  readonly snapshots: Snapshot[] = [];
  readonly deltas: Delta[] = [];
  readonly gaps: Array<{ expected: number; got: number }> = [];
  calls = new Map<string, { phase: string }>();
  numbers: Snapshot['numbers'] | null = null;
  seq = -1;
  epoch = '';
  /** Test hook: lose the next N deltas "on the wire". */
  drop = 0;

  constructor(url: string, token: string, options: { reconnection?: boolean } = {}) {
    this.socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: options.reconnection ?? true, reconnectionDelay: 100, forceNew: true });
    this.socket.on('stats.snapshot', (snapshot: Snapshot) => {
      this.snapshots.push(snapshot);
      this.seq = snapshot.seq;
      this.epoch = snapshot.epoch;
      this.numbers = snapshot.numbers;
      this.calls = new Map(snapshot.calls.map((call) => [call.callId, call]));
    });
    this.socket.on('stats.delta', (delta: Delta) => {
      if (this.drop > 0) {
        this.drop -= 1;
        return;
      }
      this.deltas.push(delta);
      if (delta.epoch !== this.epoch || delta.seq !== this.seq + 1) {
        this.gaps.push({ expected: this.seq + 1, got: delta.seq });
        this.socket.emit('stats.resync');
        return;
      }
      this.seq = delta.seq;
      this.numbers = delta.numbers;
      for (const change of delta.changes) {
        if (change.kind !== 'call' || !change.callId) continue;
        if (change.call) this.calls.set(change.callId, change.call);
        else this.calls.delete(change.callId);
      }
    });
  }

  request(event: string, body?: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
    return new Promise((resolve) => this.socket.emit(event, body, resolve));
  }

  close(): void {
    this.socket.disconnect();
  }
}
