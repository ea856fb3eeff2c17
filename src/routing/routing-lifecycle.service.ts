import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { CallJournalService } from '../calls/call-journal.service';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CallRegistry } from './call-registry';
import { InboundRouterService } from './inbound-router.service';
import { RepRosterService } from './rep-roster.service';

/**
 * SIGTERM: stop taking calls (new ones go to the dialplan fallback), let calls in progress finish
 * for at most SHUTDOWN_DRAIN_SECONDS, then write everything down before ARI closes.
 */
@Injectable()
export class RoutingLifecycleService implements BeforeApplicationShutdown {
  constructor(
    private readonly router: InboundRouterService,
    private readonly calls: CallRegistry,
    private readonly journal: CallJournalService,
    private readonly roster: RepRosterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.router.startDraining();
    const deadline = Date.now() + this.config.shutdownDrainSeconds * 1000;
    if (this.calls.size() > 0) this.logger.info({ signal, calls: this.calls.size(), drainSeconds: this.config.shutdownDrainSeconds }, 'draining calls before shutdown');
    while (this.calls.size() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    if (this.calls.size() > 0) this.logger.warn({ calls: this.calls.size() }, 'drain time over; calls still up stay in Asterisk');
    await this.journal.flush();
    await this.roster.flush();
  }
}
