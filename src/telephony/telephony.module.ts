import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AriClient } from './ari/ari.client';

/**
 * Owns the ARI adapter's lifetime. Connecting is fire-and-forget on purpose: the HTTP API,
 * CRM and stats must come up even while Asterisk is down; health reports 'disconnected' and
 * ARI calls fail fast with ARI_UNAVAILABLE until the socket reconnects. The events socket (which
 * registers the Stasis app, so calls start arriving) is opened by the application root once every
 * module has bootstrapped: see AppModule.
 */
@Global()
@Module({
  providers: [
    {
      provide: AriClient,
      inject: [APP_CONFIG, ROOT_LOGGER],
      useFactory: (config: AppConfig, logger: AppLogger): AriClient => new AriClient(config.ari, logger),
    },
  ],
  exports: [AriClient],
})
export class TelephonyModule implements OnApplicationShutdown {
  constructor(@Inject(AriClient) private readonly ari: AriClient) {}

  /** After the app's drain hooks (beforeApplicationShutdown), so calls can still be hung up. */
  async onApplicationShutdown(): Promise<void> {
    await this.ari.close();
  }
}
