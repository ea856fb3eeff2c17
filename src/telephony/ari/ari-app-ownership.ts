import { randomUUID } from 'node:crypto';
import { AppLogger } from '../../common/logging/logger';
import { BackoffOptions, nextBackoffMs } from './ari-backoff';

/** The user event an instance that lost the app sends to it; the instance holding it answers. */
export const HOLDER_CHECK_EVENT = 'salescall-holder-check';

export interface AppOwnershipOptions {
  /** Between holder checks while replaced: exponential with jitter, so two instances never fight in step. */
  backoff: BackoffOptions;
  /** How long the holder has to answer a check. */
  answerWaitMs: number;
  random: () => number;
}

export const DEFAULT_OWNERSHIP_OPTIONS: AppOwnershipOptions = { backoff: { baseMs: 2_000, capMs: 60_000 }, answerWaitMs: 1_500, random: Math.random };

/** What the ownership needs from Asterisk: a user event to the app, and a dialplan global to answer in. */
export interface AppOwnershipPort {
  sendUserEvent(eventName: string, variables: Record<string, string>): Promise<void>;
  setGlobalVar(variable: string, value: string): Promise<void>;
  getGlobalVar(variable: string): Promise<string>;
  /** Registers the app again on a new connection: Asterisk gives it to the newest one. */
  reclaim(): void;
}

/**
 * Who holds our Stasis app. Asterisk gives an app to the newest websocket and tells the previous
 * one (ApplicationReplaced), but says nothing when that newer connection goes away: the app then
 * just stays without a holder and every call falls back to the dialplan. So an instance that lost
 * the app reports it (health: replaced) and now and then asks the app who holds it: a user event
 * that the holding instance answers by writing the check's nonce into a dialplan global. No answer
 * means nobody of ours holds it any more, and the app is taken back. While another instance
 * answers, the app is left where it is (which instance should hold it is not settled here).
 */
export class AriAppOwnership {
  private replacedAt: Date | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly answerVariable: string;
  private readonly options: AppOwnershipOptions;

  constructor(
    app: string,
    private readonly port: AppOwnershipPort,
    private readonly logger: AppLogger,
    options: Partial<AppOwnershipOptions> = {},
  ) {
    this.options = { ...DEFAULT_OWNERSHIP_OPTIONS, ...options };
    this.answerVariable = `SALESCALL_HOLDER_${app.replace(/[^A-Za-z0-9]/g, '_')}`;
  }

  /** When the app was taken by another connection; null while this instance holds it. */
  lostAt(): Date | null {
    return this.replacedAt;
  }

  onReplaced(now = new Date()): void {
    if (this.closed) return;
    this.replacedAt = now;
    // Loud: calls now go to another process, or nowhere. A deployment error until proven otherwise.
    this.logger.error({ lostAt: now.toISOString() }, 'ARI application replaced by another connection; checking for its holder until it is gone');
    this.scheduleCheck();
  }

  /** Every (re)connection registers the app again: it is ours from here. */
  onConnected(): void {
    if (this.replacedAt) this.logger.warn({ lostFor: Date.now() - this.replacedAt.getTime() }, 'ARI application taken back');
    this.replacedAt = null;
    this.attempt = 0;
    this.clearTimer();
  }

  /** A check from an instance that lost the app: answered only while this one holds it. */
  onHolderCheck(nonce: string): void {
    if (this.replacedAt || !nonce) return;
    this.port.setGlobalVar(this.answerVariable, nonce).catch((error: unknown) => this.logger.warn({ err: error }, 'holder check not answered'));
  }

  close(): void {
    this.closed = true;
    this.clearTimer();
  }

  private scheduleCheck(): void {
    this.clearTimer();
    const delayMs = nextBackoffMs(this.attempt, this.options.random(), this.options.backoff);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.checkHolder().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'holder check failed; trying again');
        if (this.replacedAt && !this.closed) this.scheduleCheck();
      });
    }, delayMs);
    this.timer.unref();
  }

  private async checkHolder(): Promise<void> {
    if (!this.replacedAt || this.closed) return;
    const nonce = randomUUID();
    await this.port.sendUserEvent(HOLDER_CHECK_EVENT, { nonce });
    await new Promise((resolve) => setTimeout(resolve, this.options.answerWaitMs));
    if (!this.replacedAt || this.closed) return;
    if ((await this.port.getGlobalVar(this.answerVariable)) === nonce) {
      this.logger.debug('another instance holds the ARI application');
      this.scheduleCheck();
      return;
    }
    this.logger.warn('nobody answers for the ARI application; taking it back');
    this.port.reclaim();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
