import { deskAorFields, deskEndpointFields, webEndpointFields, webEndpointFor } from '../../src/org/sip-endpoints';
import { deskEndpointOf, endpointKind, isReachable, OFFLINE, presenceAfter, ringEndpoint } from '../../src/routing/rep-endpoints';

describe('a rep’s two endpoints (desk phone and browser)', () => {
  it.each([
    ['rep-anna', 'desk', 'rep-anna'],
    ['rep-anna.web', 'web', 'rep-anna'],
  ] as const)('%s is the %s endpoint of %s', (endpoint, kind, desk) => {
    expect(endpointKind(endpoint)).toBe(kind);
    expect(deskEndpointOf(endpoint)).toBe(desk);
  });

  it.each([
    ['nothing registered', [], false, 'rep-anna'],
    ['desk phone only', [['rep-anna', true]], true, 'rep-anna'],
    ['browser only', [['rep-anna.web', true]], true, 'rep-anna.web'],
    ['both: the browser rings', [['rep-anna', true], ['rep-anna.web', true]], true, 'rep-anna.web'],
    ['browser closed, desk still there', [['rep-anna', true], ['rep-anna.web', true], ['rep-anna.web', false]], true, 'rep-anna'],
    ['both gone', [['rep-anna', true], ['rep-anna.web', true], ['rep-anna.web', false], ['rep-anna', false]], false, 'rep-anna'],
  ] as Array<[string, Array<[string, boolean]>, boolean, string]>)('%s → reachable %p, rings %s', (_name, changes, reachable, rings) => {
    const presence = changes.reduce((p, [endpoint, online]) => presenceAfter(p, endpoint, online), OFFLINE);
    expect(isReachable(presence)).toBe(reachable);
    expect(ringEndpoint({ sipEndpoint: 'rep-anna', webOnline: presence.web })).toBe(rings);
  });

  it('the browser endpoint speaks WebRTC; the desk one plain RTP; both land in from-reps', () => {
    const web = webEndpointFields(webEndpointFor('rep-anna'));
    expect(web).toMatchObject({ aors: 'rep-anna.web', auth: 'rep-anna.web', webrtc: 'yes', dtls_auto_generate_cert: 'yes', allow: 'opus,ulaw,alaw', dtmf_mode: 'rfc4733', direct_media: 'no', context: 'from-reps' });
    expect(deskEndpointFields('rep-anna')).toMatchObject({ allow: 'alaw,ulaw', context: 'from-reps' });
    expect(deskEndpointFields('rep-anna')).not.toHaveProperty('webrtc');
    expect(deskAorFields('sip:rep-anna@127.0.0.1:5081')).toMatchObject({ contact: 'sip:rep-anna@127.0.0.1:5081', qualify_frequency: '0' });
  });
});
