import { holdMusicTarget } from '../../src/routing/call-hold.service';
import { LegRole } from '../../src/routing/call-registry';

describe('holdMusicTarget: who hears music when a leg holds', () => {
  const connected = { phase: 'connected' as const, bridged: true, channelId: 'caller', repChannelId: 'rep' };
  it.each([
    ['the rep holds a bridged call → the caller', connected, 'rep', 'caller'],
    ['the caller holds → the rep', connected, 'client', 'rep'],
    ['a ringing offer leg → nobody', connected, 'offer', null],
    ['not bridged yet → nobody (the caller may still hear queue music)', { ...connected, bridged: false }, 'rep', null],
    ['waiting in the queue → nobody', { ...connected, phase: 'waiting' as const }, 'client', null],
    ['ended → nobody', { ...connected, phase: 'ended' as const }, 'rep', null],
  ] as Array<[string, typeof connected, LegRole, string | null]>)('%s', (_name, call, role, target) => {
    expect(holdMusicTarget({ call, role })).toBe(target);
  });
});
