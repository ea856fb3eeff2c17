import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { applyEvent, EMPTY_STATS } from './live-stats.reducer';
import { LiveStats, StatsClock, StatsEvent, StatsScope } from './live-stats.types';
import { affectedScopes, callView, liveNumbers, scopeKey, snapshotBody, StatsSnapshotBody } from './live-stats.view';
import { startOfDay } from './stats-clock';

export interface StatsSnapshot extends StatsSnapshotBody {
  scope: string;
  /** Identifies this instance's replica: sequence numbers from another epoch are not comparable. */
  epoch: string;
  seq: number;
  serverNow: number;
  serviceLevelSeconds: number;
}

export type StatsChange =
  | { kind: 'call'; callId: string; call: ReturnType<typeof callView> }
  | { kind: 'rep'; repId: string; rep: StatsSnapshotBody['reps'][number] | null }
  | { kind: 'numbers' };

/** One batch of changes for one scope (the last change per call/rep in the batch window). */
export interface StatsDelta {
  scope: string;
  epoch: string;
  seq: number;
  serverNow: number;
  changes: StatsChange[];
  numbers: StatsSnapshotBody['numbers'];
}

/** Where deltas go: the gateway's local sockets (each instance serves its own dashboards). */
export interface StatsOutlet {
  hasSubscribers(scopeKey: string): boolean;
  emit(scopeKey: string, delta: StatsDelta): void;
}

const TICK_MS = 10_000;
/**
 * Deltas are coalesced per scope for this long: at 200 events/s a dashboard gets ~20 messages/s
 * instead of 200 (one numbers computation per batch too). Measured in bench/stats.bench.ts.
 */
const BATCH_MS = 50;

/**
 * This instance's replica of the live statistics: applies events (pure reducer), numbers every
 * change per scope, and hands deltas to the outlet. A snapshot and the deltas after it come from
 * the same state in the same tick, so `seq` tells a client exactly whether it missed something.
 */
@Injectable()
export class LiveStatsService implements OnModuleDestroy {
  readonly epoch = randomUUID();
  private state: LiveStats = EMPTY_STATS;
  private readonly seqs = new Map<string, number>();
  private readonly active = new Map<string, StatsScope>();
  private outlet: StatsOutlet | null = null;
  private readonly ticker: NodeJS.Timeout;
  private readonly pending = new Map<string, { scope: StatsScope; changes: Map<string, StatsChange> }>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.ticker);
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  attach(outlet: StatsOutlet): void {
    this.outlet = outlet;
  }

  stats(): LiveStats {
    return this.state;
  }

  clock(now = Date.now()): StatsClock {
    return { now, dayStart: startOfDay(now, this.config.rules.workingHours.timeZone), serviceLevelSeconds: this.config.rules.stats.serviceLevelSeconds };
  }

  /** Replaces the state wholesale (boot rebuild), without deltas: dashboards re-sync on connect. */
  load(events: readonly StatsEvent[]): void {
    let next = this.state;
    for (const event of events) next = applyEvent(next, event);
    this.state = next;
  }

  apply(event: StatsEvent): void {
    const before = this.state;
    const after = applyEvent(before, event);
    if (after === before) return;
    this.state = after;
    for (const scope of affectedScopes(before, after, event)) this.queue(scope, () => this.changeFor(event));
  }

  snapshot(scope: StatsScope, now = Date.now()): StatsSnapshot {
    const key = scopeKey(scope);
    this.active.set(key, scope);
    const clock = this.clock(now);
    return { scope: key, epoch: this.epoch, seq: this.seqs.get(key) ?? 0, serverNow: now, serviceLevelSeconds: clock.serviceLevelSeconds, ...snapshotBody(this.state, scope, clock) };
  }

  /** Rolling-hour numbers and waits move with time alone: subscribed scopes get a fresh set now and then. */
  tick(): void {
    for (const scope of this.active.values()) this.queue(scope, () => ({ kind: 'numbers' }));
  }

  /** Only scopes someone watches here get a change; the snapshot carries everything else. */
  private queue(scope: StatsScope, change: () => StatsChange): void {
    const key = scopeKey(scope);
    if (!this.outlet?.hasSubscribers(key)) {
      this.active.delete(key);
      return;
    }
    this.active.set(key, scope);
    const batch = this.pending.get(key) ?? { scope, changes: new Map<string, StatsChange>() };
    this.pending.set(key, batch);
    const next = change();
    batch.changes.set(next.kind === 'call' ? `call:${next.callId}` : next.kind === 'rep' ? `rep:${next.repId}` : 'numbers', next);
    this.flushTimer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    this.flushTimer = null;
    const clock = this.clock();
    for (const [key, batch] of this.pending) {
      const seq = (this.seqs.get(key) ?? 0) + 1;
      this.seqs.set(key, seq);
      this.outlet?.emit(key, { scope: key, epoch: this.epoch, seq, serverNow: clock.now, changes: [...batch.changes.values()], numbers: liveNumbers(this.state, batch.scope, clock) });
    }
    this.pending.clear();
  }

  private changeFor(event: StatsEvent): StatsChange {
    if ('callId' in event) {
      const call = this.state.calls.get(event.callId);
      return { kind: 'call', callId: event.callId, call: call ? callView(this.state, call) : null };
    }
    if (event.type === 'rep.state' || event.type === 'rep.removed') {
      const rep = this.state.reps.get(event.repId);
      return { kind: 'rep', repId: event.repId, rep: rep ?? null };
    }
    return { kind: 'numbers' };
  }
}
