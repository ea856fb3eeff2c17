import { planWrapUp, WrapUpFacts, WrapUpForm } from '../../src/workspace/wrap-up.policy';

const NOW = new Date('2026-12-01T10:00:00Z');
const inMinutes = (n: number): Date => new Date(NOW.getTime() + n * 60_000);
const FACTS: WrapUpFacts = { callId: 'call-1', clientId: 'client-1', deal: { id: 'deal-1', status: 'open', amount: 0 }, repState: 'wrap-up' };

/** Commands in a short readable form: kind plus what matters. */
function summary(form: WrapUpForm, facts: Partial<WrapUpFacts> = {}): string[] | string {
  const plan = planWrapUp(form, { ...FACTS, ...facts }, NOW);
  if (!plan.ok) return `${plan.code}: ${plan.message}`;
  return plan.commands.map((command) => {
    switch (command.type) {
      case 'update-deal':
        return `deal ${JSON.stringify(command.change)}`;
      case 'create-task':
        return `task ${command.task.type} ${command.task.dedupeKey} due ${command.task.dueAt.toISOString()}`;
      case 'cancel-reminder':
        return `cancel ${command.dedupeKey}`;
      default:
        return command.type;
    }
  });
}

describe('planWrapUp', () => {
  const cases: { name: string; form: WrapUpForm; facts?: Partial<WrapUpFacts>; expected: string[] | string }[] = [
    { name: 'interested, no plan: recorded, wrap-up ended, routing’s next-contact reminder stays', form: { outcome: 'interested', note: 'likes it' }, expected: ['record-wrap-up', 'end-wrap-up'] },
    { name: 'interested with a stage change and a next task', form: { outcome: 'interested', stageKey: 'proposal', nextTask: { reason: 'Send the offer', dueAt: inMinutes(60) } }, expected: ['deal {"stageKey":"proposal"}', 'task follow-up wrap-up-next:call-1 due 2026-12-01T11:00:00.000Z', 'cancel reminder:call-1', 'record-wrap-up', 'end-wrap-up'] },
    { name: 'callback at: a callback task keyed by the call', form: { outcome: 'callback', callbackAt: inMinutes(120) }, expected: ['task callback wrap-up-callback:call-1 due 2026-12-01T12:00:00.000Z', 'cancel reminder:call-1', 'record-wrap-up', 'end-wrap-up'] },
    { name: 'callback without a time → 400', form: { outcome: 'callback' }, expected: 'VALIDATION_FAILED: callbackAt is required with outcome callback' },
    { name: 'callback in the past → 400', form: { outcome: 'callback', callbackAt: inMinutes(-1) }, expected: 'VALIDATION_FAILED: callbackAt must be in the future' },
    { name: 'callbackAt with another outcome → 400', form: { outcome: 'interested', callbackAt: inMinutes(5) }, expected: 'VALIDATION_FAILED: callbackAt only goes with outcome callback' },
    { name: 'won with an amount closes the deal', form: { outcome: 'won', amount: 1200 }, expected: ['deal {"status":"won","amount":1200}', 'cancel reminder:call-1', 'record-wrap-up', 'end-wrap-up'] },
    { name: 'won without an amount keeps the deal amount', form: { outcome: 'won' }, facts: { deal: { id: 'deal-1', status: 'open', amount: 900 } }, expected: ['deal {"status":"won","amount":900}', 'cancel reminder:call-1', 'record-wrap-up', 'end-wrap-up'] },
    { name: 'won without any amount → 400', form: { outcome: 'won' }, expected: 'VALIDATION_FAILED: amount is required to mark a deal won that has none' },
    { name: 'lost with a reason', form: { outcome: 'lost', lostReason: 'price' }, expected: ['deal {"status":"lost","lostReason":"price"}', 'cancel reminder:call-1', 'record-wrap-up', 'end-wrap-up'] },
    { name: 'lost without a reason → 400', form: { outcome: 'lost' }, expected: 'VALIDATION_FAILED: lostReason is required with outcome lost' },
    { name: 'won plus a stage → 400', form: { outcome: 'won', amount: 5, stageKey: 'proposal' }, expected: 'VALIDATION_FAILED: stageKey does not go with a won or lost deal' },
    { name: 'won on a closed deal → 409', form: { outcome: 'won', amount: 5 }, facts: { deal: { id: 'deal-1', status: 'lost', amount: 0 } }, expected: 'INVALID_STATE: The deal is already lost' },
    { name: 'lost on a call without a deal → 409', form: { outcome: 'lost', lostReason: 'price' }, facts: { deal: null }, expected: 'INVALID_STATE: This call has no deal to change' },
    { name: 'wrong number: recorded only', form: { outcome: 'wrong-number' }, facts: { clientId: null, deal: null }, expected: ['cancel reminder:call-1', 'record-wrap-up', 'end-wrap-up'] },
    { name: 'a task on a call without a client → 409', form: { outcome: 'not-interested', nextTask: { reason: 'x', dueAt: inMinutes(5) } }, facts: { clientId: null, deal: null }, expected: 'INVALID_STATE: This call has no client to give a task to' },
    { name: 'rep already available (timer ran out): nothing to end', form: { outcome: 'not-interested' }, facts: { repState: 'available' }, expected: ['cancel reminder:call-1', 'record-wrap-up'] },
    { name: 'rep paused meanwhile: the pause stays', form: { outcome: 'not-interested' }, facts: { repState: 'paused' }, expected: ['cancel reminder:call-1', 'record-wrap-up'] },
  ];
  it.each(cases)('$name', ({ form, facts, expected }) => {
    expect(summary(form, facts)).toEqual(expected);
  });
});
