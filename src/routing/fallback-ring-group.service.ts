import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AriClient } from '../telephony/ari/ari.client';
import { RepRosterService } from './rep-roster.service';
import { RosterRep } from './roster.types';

/** Dial strings get long; Asterisk's Dial() is happiest with a bounded ring group. */
const MAX_FALLBACK_REPS = 20;

/**
 * Keeps Asterisk's dialplan global FALLBACK_DIAL equal to the strong sellers' endpoints, so that
 * when the service is down (Stasis fails) or draining, callers still ring the strongest reps.
 */
@Injectable()
export class FallbackRingGroupService implements OnApplicationBootstrap {
  private published: string | null = null;
  private readonly logger: AppLogger;

  constructor(
    private readonly ari: AriClient,
    private readonly roster: RepRosterService,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'fallback-ring-group' });
  }

  onApplicationBootstrap(): void {
    this.ari.events.on('connected', () => {
      this.published = null;
      this.publishInBackground();
    });
    this.roster.onReloaded(() => this.publishInBackground());
  }

  private publishInBackground(): void {
    this.publish().catch((error: unknown) => this.logger.error({ err: error }, 'fallback ring group publication failed'));
  }

  async publish(): Promise<void> {
    const value = fallbackDialString(this.roster.list());
    if (value === this.published) return;
    try {
      await this.ari.setGlobalVar('FALLBACK_DIAL', value);
      this.published = value;
      this.logger.info({ reps: value ? value.split('&').length : 0 }, 'fallback ring group published');
    } catch (error) {
      this.logger.warn({ err: error }, 'fallback ring group not published; retried on the next connect');
    }
  }
}

/** "PJSIP/rep-a&PJSIP/rep-b": enabled strong sellers, in a stable order. */
export function fallbackDialString(reps: readonly RosterRep[]): string {
  return reps
    .filter((rep) => rep.enabled && rep.tier === 'strong')
    .map((rep) => rep.sipEndpoint)
    .sort()
    .slice(0, MAX_FALLBACK_REPS)
    .map((endpoint) => `PJSIP/${endpoint}`)
    .join('&');
}
