import { AriClient } from '../telephony/ari/ari.client';

export interface BridgeLegsOptions {
  /** With attempts > 1 a refused operation is retried after 100 ms. */
  attempts?: number;
  onRetry?: (error: unknown) => void;
  /**
   * True once the call has ended. A hangup that lands while the bridge is being built destroys
   * nothing (the bridge does not exist yet); the bridge is destroyed here instead of being left
   * empty in Asterisk.
   */
  callEnded: () => boolean;
  /** True once retrying is pointless though the call goes on (a leg left and the call moved on). */
  stopRetrying?: () => boolean;
}

/**
 * Puts a call's legs into its mixing bridge (id = the call id), reusing a bridge an earlier attempt
 * already created: under a burst of calls Asterisk can refuse a bridge operation it accepts a
 * moment later.
 */
export async function bridgeLegs(ari: AriClient, callId: string, channelIds: string[], options: BridgeLegsOptions): Promise<void> {
  const attempts = options.attempts ?? 1;
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await ari.createBridge('mixing', callId, `call-${callId}`).catch(async (error: unknown) => {
          if (attempt === 1) throw error;
          await ari.getBridge(callId);
        });
        await ari.addToBridge(callId, channelIds);
        return;
      } catch (error) {
        // A caller who hung up meanwhile is not coming back: no retry, no second round of requests.
        if (attempt >= attempts || options.callEnded() || options.stopRetrying?.()) throw error;
        options.onRetry?.(error);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    if (options.callEnded()) await ari.destroyBridge(callId).catch(() => undefined);
  }
}
