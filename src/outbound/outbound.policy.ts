import { DomainError } from '../common/errors/domain-error';
import { isE164 } from '../common/phone/e164';

/** Pure checks before a number may be dialed out: do-not-call and blocked (premium) prefixes. */
export function assertDialable(e164: string, client: { doNotCall: boolean; doNotCallReason: string | null } | null, blockedPrefixes: readonly string[]): void {
  if (client?.doNotCall) throw new DomainError('DO_NOT_CALL', `This client asked not to be called${client.doNotCallReason ? `: ${client.doNotCallReason}` : ''}`);
  const prefix = blockedPrefixes.find((blocked) => e164.startsWith(blocked));
  if (prefix) throw new DomainError('BLOCKED_PREFIX', `Numbers starting with ${prefix} may not be dialed`, { prefix });
}

/** The dial string for the trunk; only ever built from a validated E.164 number. */
export function trunkDialString(e164: string, trunkEndpoint: string): string {
  if (!isE164(e164)) throw new DomainError('INVALID_PHONE_NUMBER', 'Refusing to dial a number that is not E.164');
  return `PJSIP/${e164}@${trunkEndpoint}`;
}
