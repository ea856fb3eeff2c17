import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DomainEventMap, DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { toWebhookPayload, WEBHOOK_EVENT_TYPES, WebhookEventType } from './webhook-events';
import { WebhooksService } from './webhooks.service';

/** Where domain events become webhook deliveries. Does nothing at all when webhooks are off. */
@Injectable()
export class WebhookEventsSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: AppLogger;
  private readonly unsubscribers: (() => void)[] = [];

  constructor(
    private readonly events: DomainEvents,
    private readonly webhooks: WebhooksService,
    @Inject(ROOT_LOGGER) rootLogger: AppLogger,
  ) {
    this.logger = rootLogger.child({ module: 'webhooks' });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.webhooks.enabled) {
      this.logger.info('webhooks are off (WEBHOOK_URL is not set): no events are stored or sent');
      return;
    }
    for (const type of WEBHOOK_EVENT_TYPES) this.subscribe(type);
    const resumed = await this.webhooks.resumePending();
    this.logger.info({ events: WEBHOOK_EVENT_TYPES, resumed }, 'webhooks are on');
  }

  onApplicationShutdown(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  private subscribe<K extends WebhookEventType>(type: K): void {
    const unsubscribe = this.events.on(type, async (event: DomainEventMap[K]) => {
      const payload = toWebhookPayload(type, event);
      try {
        await this.webhooks.record(payload);
      } catch (error) {
        this.logger.error({ err: error, eventId: payload.id, eventType: type }, 'could not record webhook delivery');
      }
    });
    this.unsubscribers.push(unsubscribe);
  }
}
