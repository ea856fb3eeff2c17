import { AppLogger } from '../../common/logging/logger';
import { AriEvent, AriEventOf, AriEventType } from './ari-events';

/** Connection signals, next to the ARI events (lower-case names, so they never collide). */
export interface AriLifecycleSignals {
  /** Every successful connection; after a reconnect, reconcile state (events in the gap are lost). */
  connected: { reconnect: boolean; at: Date };
  disconnected: { reason: string; at: Date };
}

export type AriSubscriptionMap = { [T in AriEventType]: AriEventOf<T> } & AriLifecycleSignals;
export type AriSubscriptionType = keyof AriSubscriptionMap;
export type AriHandler<T> = (payload: T) => void | Promise<void>;
export type Unsubscribe = () => void;

/** The read side of the bus, the only part the rest of the app gets. */
export interface AriEvents {
  on<K extends AriSubscriptionType>(type: K, handler: AriHandler<AriSubscriptionMap[K]>): Unsubscribe;
  onAny(handler: AriHandler<AriEvent>): Unsubscribe;
}

/**
 * Handlers are registered per event type, never per channel: a call center sees thousands of
 * channels a day, and per-channel listeners are exactly how ari-client leaks. Feature code
 * filters by channel id inside its handler (or looks the call up in its own registry).
 */
export class AriEventBus implements AriEvents {
  private readonly handlers = new Map<string, Set<AriHandler<never>>>();
  private readonly anyHandlers = new Set<AriHandler<AriEvent>>();
  private readonly wantedListeners = new Set<() => void>();

  constructor(private readonly logger: AppLogger) {}

  /**
   * The event types someone has listened to (they are never taken back: a handler that comes and
   * goes should not make Asterisk's filter flap); null once anyone listens to everything.
   */
  wantedTypes(): string[] | null {
    return this.anyHandlers.size > 0 ? null : [...this.handlers.keys()];
  }

  /** Called when `wantedTypes()` grows. */
  onWantedTypesChanged(listener: () => void): void {
    this.wantedListeners.add(listener);
  }

  on<K extends AriSubscriptionType>(type: K, handler: AriHandler<AriSubscriptionMap[K]>): Unsubscribe {
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
      for (const listener of this.wantedListeners) listener();
    }
    const entry = handler as AriHandler<never>;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  onAny(handler: AriHandler<AriEvent>): Unsubscribe {
    this.anyHandlers.add(handler);
    if (this.anyHandlers.size === 1) for (const listener of this.wantedListeners) listener();
    return () => {
      this.anyHandlers.delete(handler);
    };
  }

  emit<K extends AriSubscriptionType>(type: K, payload: AriSubscriptionMap[K]): void {
    // Copy first: a handler may unsubscribe itself (or others) while we iterate.
    for (const handler of [...(this.handlers.get(type) ?? [])]) this.invoke(handler as AriHandler<AriSubscriptionMap[K]>, payload, type);
  }

  emitEvent(event: AriEvent): void {
    this.emit(event.type, event as AriSubscriptionMap[typeof event.type]);
    for (const handler of [...this.anyHandlers]) this.invoke(handler, event, event.type);
  }

  listenerCount(): number {
    let count = this.anyHandlers.size;
    for (const set of this.handlers.values()) count += set.size;
    return count;
  }

  /** One failing handler (sync throw or rejected promise) is logged and isolated from the rest. */
  private invoke<T>(handler: AriHandler<T>, payload: T, type: string): void {
    try {
      const result = handler(payload);
      if (result && typeof result.catch === 'function') {
        result.catch((error: unknown) => this.logger.error({ err: error, type }, 'ARI event handler rejected'));
      }
    } catch (error) {
      this.logger.error({ err: error, type }, 'ARI event handler threw');
    }
  }
}
