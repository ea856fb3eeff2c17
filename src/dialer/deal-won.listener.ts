import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { CampaignsService } from './campaigns.service';

/** A deal marked won → a delayed NPS call in every running deal-won campaign of its team. */
@Injectable()
export class DealWonListener implements OnApplicationBootstrap {
  constructor(
    private readonly events: DomainEvents,
    private readonly campaigns: CampaignsService,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.events.on('deal.stage-changed', async (event) => {
      if (event.status !== 'won') return;
      await this.campaigns.onDealWon(event).catch((error: unknown) => this.logger.error({ err: error, dealId: event.dealId }, 'scheduling the NPS call failed'));
    });
  }
}
