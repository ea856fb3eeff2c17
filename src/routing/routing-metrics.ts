import { Injectable } from '@nestjs/common';

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
 * StasisStart → first rep originate, as the routing engine sees it (ms). The benchmark reads it;
 * it is also the figure to watch when the database or Redis slow down.
 */
@Injectable()
export class RoutingMetrics {
  private samples: number[] = [];
  private next = 0;
  /** Calls whose rep answered and were bridged since the last reset. */
  connected = 0;

  observeConnected(): void {
    this.connected += 1;
  }

  observeOfferLatency(ms: number, firstOffer: boolean): void {
    if (!firstOffer) return;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % MAX_SAMPLES;
  }

  reset(): void {
    this.samples = [];
    this.next = 0;
    this.connected = 0;
  }

  summary(): LatencySummary {
    return summarize(this.samples);
  }
}

export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}
