import type { Response } from 'supertest';
import { fillPath } from './bad-inputs';
import { ContractCall } from './operations';
import { World } from './seeded-world';

/** Sends `call` to the operation "METHOD /template" of the running app, as the call's role. */
export async function send(w: World, key: string, call: Pick<ContractCall, 'as' | 'params' | 'query' | 'body'>): Promise<Response> {
  const [method, template] = key.split(' ');
  const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let request = w.testApp.http[verb](fillPath(template, call.params)).buffer(true);
  if (call.as !== 'anonymous') request = request.set('Authorization', `Bearer ${w.tokens[call.as]}`);
  if (call.query) request = request.query(call.query);
  if (call.body !== undefined) request = request.send(call.body as object);
  return request;
}
