import pino from 'pino';
import { Principal } from '../../src/auth/principal';
import { DomainError } from '../../src/common/errors/domain-error';
import { DomainEvents } from '../../src/common/events/domain-events';
import { loadConfig } from '../../src/config/app-config';
import { ClickToCallService } from '../../src/outbound/click-to-call.service';
import { RepEvent, repTransition } from '../../src/routing/rep-state.policy';
import { isRoutable, RosterRep } from '../../src/routing/roster.types';

/**
 * Click-to-call reads the client and the deal from the database before it rings the rep. An
 * inbound call arriving in that gap needs a database answer held open at the right moment, which
 * the real server cannot be told to do, so the CRM reads are stand-ins the test releases; the
 * rep's state changes are the real transitions.
 */
describe('click-to-call: the rep is reserved before the client and deal are read', () => {
  const config = loadConfig(process.env);
  let reps: Map<string, RosterRep>;
  let dealAnswer: undefined | { resolve: (deal: { deal: { id: string } }) => void; reject: (error: Error) => void };
  let originates: number;
  let service: ClickToCallService;
  const actor = { userId: 'user-1', role: 'rep', repId: 'rep-1', teamId: 'team-1' } as Principal;

  function repIn(state: RosterRep['state'], pauseReason: string | null = null): RosterRep {
    return { id: 'rep-1', teamId: 'team-1', tier: 'strong', sipEndpoint: 'rep-1', enabled: true, state, stateSince: new Date(0), pauseReason, reachable: true, lastCallEndedAt: null, lastOfferedAt: null, callsToday: 0, consecutiveNoAnswers: 0 };
  }

  beforeEach(() => {
    reps = new Map([['rep-1', repIn('available')]]);
    originates = 0;
    dealAnswer = undefined;
    const roster = {
      get: (id: string) => reps.get(id),
      apply: (id: string, event: RepEvent, now = new Date()) => {
        const rep = reps.get(id);
        if (!rep) return undefined;
        reps.set(id, repTransition(rep, event, config.rules.routing, now).rep);
        return reps.get(id);
      },
    };
    const clients = { findByPhone: async () => ({ client: { id: 'client-1', ownerRepId: null, doNotCall: false }, ownerRep: null }) };
    const deals = { ensureOpenDealForCall: () => new Promise((resolve, reject) => (dealAnswer = { resolve, reject })) };
    const ari = { events: { on: () => () => undefined }, originate: async () => void (originates += 1) };
    const journal = { enqueue: () => Promise.resolve() };
    service = new ClickToCallService(ari as never, roster as never, clients as never, deals as never, journal as never, {} as never, new DomainEvents(), config, pino({ level: 'silent' }));
  });

  async function untilDealIsAsked(): Promise<void> {
    while (!dealAnswer) await new Promise((resolve) => setImmediate(resolve));
  }

  it('no inbound offer can take the rep while the deal is read; the rep rings for the click-to-call', async () => {
    const started = service.start(actor, { phone: '+4930123456' });
    await untilDealIsAsked();
    // What inbound dispatch checks before it offers a call to a rep.
    expect(isRoutable(reps.get('rep-1') as RosterRep)).toBe(false);
    dealAnswer?.resolve({ deal: { id: 'deal-1' } });
    await expect(started).resolves.toMatchObject({ dealId: 'deal-1', clientId: 'client-1' });
    expect(reps.get('rep-1')?.state).toBe('ringing');
    expect(originates).toBe(1);
  });

  it('a call refused while it is prepared gives the rep back as they were, pause reason included', async () => {
    reps.set('rep-1', repIn('paused', 'lunch'));
    const started = service.start(actor, { phone: '+4930123456' });
    await untilDealIsAsked();
    expect(reps.get('rep-1')?.state).toBe('ringing');
    dealAnswer?.reject(new DomainError('VALIDATION_FAILED', 'no such deal'));
    await expect(started).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(reps.get('rep-1')).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    expect(originates).toBe(0);
  });
});
