import type { Response } from 'supertest';
import { signWebhook } from '../../src/webhooks/webhook-signature';
import { fillPath } from './bad-inputs';
import { ContractCall } from './operations';
import { World } from './seeded-world';

/** Sends `call` to the operation "METHOD /template" of the running app, as the call's role. */
export async function send(w: World, key: string, call: Pick<ContractCall, 'as' | 'params' | 'query' | 'body' | 'signed'>): Promise<Response> {
  const [method, template] = key.split(' ');
  const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let request = w.testApp.http[verb](fillPath(template, call.params)).buffer(true);
  if (call.as !== 'anonymous') request = request.set('Authorization', `Bearer ${w.tokens[call.as]}`);
  if (call.query) request = request.query(call.query);
  if (call.signed) {
    // An inbound CRM event: signed over the exact bytes sent, as a CRM would (docs/webhooks.md).
    const raw = JSON.stringify(call.body ?? {});
    const timestamp = Math.floor(Date.now() / 1000);
    return request.set('Content-Type', 'application/json').set('X-Salescall-Timestamp', String(timestamp)).set('X-Salescall-Signature', signWebhook(w.webhookSecret, timestamp, raw)).send(raw);
  }
  if (call.body !== undefined) request = request.send(call.body as object);
  return request;
}
