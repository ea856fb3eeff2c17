import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AttemptResult } from './webhook-delivery.policy';
import { WebhookPayload } from './webhook-events';
import { signWebhook } from './webhook-signature';

/** The one place that talks HTTP to the CRM. Never throws: every outcome is an AttemptResult. */
@Injectable()
export class WebhookSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(payload: WebhookPayload, now: Date): Promise<AttemptResult> {
    const { url, secret, timeoutMs } = this.config.webhooks;
    if (!url || !secret) return { statusCode: null, error: 'webhooks are not configured' };
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(now.getTime() / 1000);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'salescall-webhooks/1',
          'X-Salescall-Event': payload.type,
          'X-Salescall-Delivery': payload.id,
          'X-Salescall-Timestamp': String(timestamp),
          'X-Salescall-Signature': signWebhook(secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the keep-alive socket is released; its content does not matter.
      await response.arrayBuffer().catch(() => undefined);
      return { statusCode: response.status, error: response.ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      return { statusCode: null, error: describeFetchError(error, timeoutMs) };
    }
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `timed out after ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500);
}
