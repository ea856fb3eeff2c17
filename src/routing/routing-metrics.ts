import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Bounded ring of recent samples: enough for percentiles without growing forever. */
const MAX_SAMPLES = 20_000;

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * StasisStart → first rep originate, as the routing engine sees it (ms), with how late events
 * reach it and how late its event loop runs. The benchmark reads them; they are also the figures
 * to watch when the database, Redis or Asterisk slow down.
 */
@Injectable()
export class RoutingMetrics implements OnModuleDestroy {
  private samples = new SampleRing();
  /** Asterisk's timestamp on a caller's StasisStart → the router handling it: queues on both sides. */
  private deliveries = new SampleRing();
  /** How late this process's event loop runs its callbacks (everything it does shares it with routing). */
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  /** Calls whose rep answered and were bridged since the last reset. */
  connected = 0;

  observeConnected(): void {
    this.connected += 1;
  }

  constructor() {
    this.loopDelay.enable();
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }

  observeOfferLatency(ms: number, firstOffer: boolean): void {
    if (firstOffer) this.samples.add(ms);
  }

  /** `asteriskTimestamp` as ARI writes it, e.g. 2026-11-27T16:05:12.389+0000. */
  observeDelivery(asteriskTimestamp: string, now = Date.now()): void {
    const sent = Date.parse(asteriskTimestamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    if (Number.isFinite(sent)) this.deliveries.add(Math.max(0, now - sent));
  }

  reset(): void {
    this.samples = new SampleRing();
    this.deliveries = new SampleRing();
    this.loopDelay.reset();
    this.connected = 0;
  }

  summary(): LatencySummary {
    return summarize(this.samples.values);
  }

  deliverySummary(): LatencySummary {
    return summarize(this.deliveries.values);
  }

  /** Event-loop delay since the last reset, in ms. */
  loopDelaySummary(): LatencySummary {
    const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
    if (this.loopDelay.count === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
    return { count: this.loopDelay.count, p50: ms(this.loopDelay.percentile(50)), p95: ms(this.loopDelay.percentile(95)), p99: ms(this.loopDelay.percentile(99)), max: ms(this.loopDelay.max) };
  }
}

class SampleRing {
  readonly values: number[] = [];
  private next = 0;

  add(value: number): void {
    if (this.values.length < MAX_SAMPLES) this.values.push(value);
    else this.values[this.next] = value;
    this.next = (this.next + 1) % MAX_SAMPLES;
  }
}

export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}
