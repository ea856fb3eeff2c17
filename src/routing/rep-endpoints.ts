import { deskEndpointOf, webEndpointFor, WEB_ENDPOINT_SUFFIX } from '../org/sip-endpoints';
import { RosterRep } from './roster.types';

/** Which of a rep's two SIP endpoints Asterisk reports online: the desk/mobile phone, the browser. */
export interface EndpointPresence {
  desk: boolean;
  web: boolean;
}

export const OFFLINE: EndpointPresence = { desk: false, web: false };

export type EndpointKind = keyof EndpointPresence;

export function endpointKind(endpoint: string): EndpointKind {
  return endpoint.endsWith(WEB_ENDPOINT_SUFFIX) ? 'web' : 'desk';
}

/** The desk endpoint name a state change belongs to (the roster's key for the rep). */
export { deskEndpointOf };

export function presenceAfter(presence: EndpointPresence, endpoint: string, online: boolean): EndpointPresence {
  return { ...presence, [endpointKind(endpoint)]: online };
}

/** A rep is reachable when either phone is: routing treats a rep on the page like one on a desk phone. */
export function isReachable(presence: EndpointPresence): boolean {
  return presence.desk || presence.web;
}

/**
 * The endpoint an offer rings. The browser wins when both are registered: a rep who opened the
 * workspace wants the call where the client's card is. One endpoint per offer keeps one channel
 * per rep leg (the router follows its id through ringing, answer and hang-up).
 */
export function ringEndpoint(rep: Pick<RosterRep, 'sipEndpoint' | 'webOnline'>): string {
  return rep.webOnline ? webEndpointFor(rep.sipEndpoint) : rep.sipEndpoint;
}
