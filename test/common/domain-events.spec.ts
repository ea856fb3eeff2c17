import { DomainEvents } from '../../src/common/events/domain-events';
import { expectEventually } from '../support/eventually';
import { captureLogs } from '../support/log-capture';

describe('DomainEvents: a failing listener', () => {
  let logged: Array<Record<string, any>>;
  let events: DomainEvents;
  const ended = { callId: 'call-1', teamId: null, repId: null, clientId: null, dealId: null, outcome: 'answered', at: new Date() };

  beforeEach(() => {
    const capture = captureLogs();
    logged = capture.lines;
    events = new DomainEvents(capture.logger);
  });

  it('is logged with the event and the name it was given; the other listeners still run', async () => {
    const delivered: string[] = [];
    events.on('call.ended', async () => {
      throw new Error('webhook endpoint refused');
    }, 'webhooks');
    events.on('call.ended', ({ callId }) => void delivered.push(callId));
    expect(() => events.emit('call.ended', ended)).not.toThrow();
    await expectEventually(() => logged.length === 1);
    expect(logged[0]).toMatchObject({ level: 50, component: 'domain-events', event: 'call.ended', listener: 'webhooks', err: { message: 'webhook endpoint refused' } });
    expect(delivered).toEqual(['call-1']);
  });

  it('without a given name, is named by where it was registered', async () => {
    events.on('call.ended', () => {
      throw new Error('stats table locked');
    });
    events.emit('call.ended', ended);
    await expectEventually(() => logged.length === 1);
    expect(logged[0]).toMatchObject({ event: 'call.ended', listener: expect.stringMatching(/test\/common\/domain-events\.spec\.ts:\d+/), err: { message: 'stats table locked' } });
  });
});
