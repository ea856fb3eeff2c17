import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookEventsSubscriber } from './webhook-events.subscriber';
import { WebhookQueue, WEBHOOK_QUEUE } from './webhook-queue';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Outbound, signed webhooks to the external CRM, with a delivery log admins can inspect and retry. */
@Module({
  imports: [BullModule.registerQueue({ name: WEBHOOK_QUEUE })],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookQueue, WebhookSender, WebhookDeliveryProcessor, WebhookEventsSubscriber],
  exports: [WebhooksService],
})
export class WebhooksModule {}
