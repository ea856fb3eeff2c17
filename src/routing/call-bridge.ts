import { AriClient } from '../telephony/ari/ari.client';

/**
 * Puts a call's legs into its mixing bridge (id = the call id). With attempts > 1 a refused
 * operation is retried after 100 ms, reusing a bridge the first attempt already created: under a
 * burst of calls Asterisk can refuse a bridge operation it accepts a moment later.
 */
export async function bridgeLegs(ari: AriClient, callId: string, channelIds: string[], attempts = 1, onRetry?: (error: unknown) => void): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ari.createBridge('mixing', callId, `call-${callId}`).catch(async (error: unknown) => {
        if (attempt === 1) throw error;
        await ari.getBridge(callId);
      });
      await ari.addToBridge(callId, channelIds);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      onRetry?.(error);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
