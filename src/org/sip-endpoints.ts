/**
 * What Asterisk is told about a rep's SIP accounts, as pure functions of the rep.
 *
 * A rep has up to two endpoints: the desk one (`rep-<login>`, plain RTP over UDP, a desk or
 * mobile softphone, or a static contact) and the browser one (`rep-<login>.web`, WebRTC:
 * DTLS-SRTP, ICE, AVPF, rtcp-mux, Opus). They cannot be one endpoint: Asterisk applies an
 * endpoint's media settings to every contact of it, and a `webrtc=yes` endpoint answers a plain
 * RTP offer with 488. Routing rings whichever is registered, the browser first (rep-endpoints.ts).
 */

/** Endpoint names come from sipEndpointFor(), which never contains a dot: no rep's desk name can collide. */
export const WEB_ENDPOINT_SUFFIX = '.web';

export function webEndpointFor(deskEndpoint: string): string {
  return `${deskEndpoint}${WEB_ENDPOINT_SUFFIX}`;
}

/** The rep's desk endpoint name, given either of their endpoints. */
export function deskEndpointOf(endpoint: string): string {
  return endpoint.endsWith(WEB_ENDPOINT_SUFFIX) ? endpoint.slice(0, -WEB_ENDPOINT_SUFFIX.length) : endpoint;
}

export function deskAorFields(staticContact: string | null): Record<string, string> {
  // A registering softphone replaces its previous binding; a static contact is never qualified
  // (a desk phone behind a PBX may not answer OPTIONS) and counts as reachable.
  if (staticContact) return { contact: staticContact, max_contacts: '1', qualify_frequency: '0' };
  return { max_contacts: '1', remove_existing: 'yes', qualify_frequency: '30', maximum_expiration: '3600', default_expiration: '300' };
}

/**
 * One browser tab at a time: a new registration replaces the old one. No OPTIONS qualify: the
 * binding lives as long as the page's WebSocket, and Asterisk drops it when the socket closes.
 */
export function webAorFields(): Record<string, string> {
  return { max_contacts: '1', remove_existing: 'yes', qualify_frequency: '0', maximum_expiration: '3600', default_expiration: '600' };
}

const COMMON_ENDPOINT_FIELDS: Record<string, string> = {
  context: 'from-reps',
  direct_media: 'no',
  dtmf_mode: 'rfc4733',
  send_pai: 'yes',
  // Every rep leg is originated with the identity the phone should show (the caller, or
  // "Call +49..." for click-to-call). A connected-line update on bridging would only repeat it
  // as a mid-call re-INVITE: one more SIP transaction per call, and a phone that ignores it
  // keeps the session (and its RTP ports) alive for 32 s of retransmissions.
  send_connected_line: 'no',
};

export function deskEndpointFields(id: string): Record<string, string> {
  return { aors: id, auth: id, ...COMMON_ENDPOINT_FIELDS, disallow: 'all', allow: 'alaw,ulaw', rtp_symmetric: 'yes', force_rport: 'yes', rewrite_contact: 'yes' };
}

/**
 * `webrtc=yes` turns on AVPF, DTLS-SRTP, ICE and rtcp-mux and takes media over the transport the
 * registration came in on (no `transport`: requests to a WebSocket contact go over its own
 * connection, verified on 22.10). dtls_auto_generate_cert: browsers check the certificate's fingerprint
 * from the SDP, not a CA, so a self-generated one is what WebRTC expects. Opus first for the
 * browser's own audio, G.711 so a trunk call needs no transcoding on the other side of the bridge.
 */
export function webEndpointFields(id: string): Record<string, string> {
  return { aors: id, auth: id, ...COMMON_ENDPOINT_FIELDS, webrtc: 'yes', dtls_auto_generate_cert: 'yes', disallow: 'all', allow: 'opus,ulaw,alaw' };
}
