import { ErrorCode } from '../common/errors/domain-error';

/** What the database says about an account, as far as its tokens are concerned. */
export interface AccountState {
  /** The user is active and, for a rep, the rep is enabled. */
  enabled: boolean;
  tokenVersion: number;
}

/**
 * Why a signature-valid token must still be refused, or null when it may be used. Pure: the
 * caller supplies the account as last read (null when the user no longer exists).
 */
export function tokenRefusal(tokenVersion: number, account: AccountState | null): Extract<ErrorCode, 'TOKEN_REVOKED'> | null {
  if (!account || !account.enabled) return 'TOKEN_REVOKED';
  return tokenVersion === account.tokenVersion ? null : 'TOKEN_REVOKED';
}

/** Milliseconds until a socket must be cut off because its token expires (never negative). */
export function msUntilExpiry(expiresAt: Date, now: number): number {
  return Math.max(0, expiresAt.getTime() - now);
}

/**
 * Extracts the token from an `Authorization` header value. The scheme is required (RFC 6750; the
 * scheme name is case-insensitive): a bare token is refused so that a token pasted into the wrong
 * header, or a different scheme, never authenticates by accident.
 */
export function bearerToken(header: string | undefined): string | null {
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
