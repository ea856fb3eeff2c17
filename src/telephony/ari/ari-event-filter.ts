import { AppLogger } from '../../common/logging/logger';
import { AriEventBus } from './ari-event-bus';
import { eventFilterFor } from './ari-events';

/**
 * Keeps Asterisk sending the app only the event types some handler listens to (and the adapter
 * models): applied on every connect, and again a tick after a handler for a new type appears.
 * Everything else would be serialised by Asterisk's one thread per app, sent and parsed for
 * nothing: ChannelVarset alone came 31 times per routed call.
 */
export class AriEventFilter {
  private scheduled = false;

  constructor(
    private readonly bus: AriEventBus,
    private readonly send: (allowedTypes: readonly string[]) => Promise<unknown>,
    private readonly connected: () => boolean,
    private readonly logger: AppLogger,
  ) {
    bus.onWantedTypesChanged(() => this.schedule());
  }

  apply(): void {
    void this.send(eventFilterFor(this.bus.wantedTypes())).catch((error: unknown) => this.logger.warn({ err: error }, 'ARI event filter not set; more event types arrive than needed'));
  }

  /** Handlers usually come in a burst (module start-up): one request for all of them. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.connected()) this.apply();
    });
  }
}
