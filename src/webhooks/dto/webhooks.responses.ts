import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField, IntField } from '../../common/openapi/fields';
import { DELIVERY_STATUSES } from '../webhook-delivery.policy';

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Also the X-Webhook-Id header, stable across retries' }) id: string;
  @ApiProperty({ example: 'deal.won' }) eventType: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @IntField() attempts: number;
  @IntField({ nullable: true }) lastStatusCode: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @DateTimeField({ nullable: true }) nextAttemptAt: string | null;
  @DateTimeField() createdAt: string;
  @DateTimeField({ nullable: true }) deliveredAt: string | null;
}
