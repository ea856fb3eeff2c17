/**
 * What a freshly started service does with what a killed one left behind. Asterisk kept every
 * channel and bridge; the database kept the calls that were open. Pure: Asterisk's and the
 * database's view in, the list of things to do out (the recovery service executes them).
 */

export interface OpenCallRow {
  callId: string;
  channelId: string;
  answeredAt: Date | null;
  repId: string | null;
}

export interface LiveChannel {
  id: string;
  /** Dialplan context: `from-trunk` is a caller from the trunk. */
  context: string;
  /** PJSIP/<endpoint>-<n>: which rep's phone a leg belongs to. */
  name: string;
}

export interface LiveBridge {
  id: string;
  channelIds: string[];
}

export type ColdBootStep =
  /** Caller and rep still talk in the call's bridge: the call is ours again, written when it ends. */
  | { type: 'adopt-bridged'; callId: string; repChannelId: string }
  /** The call's caller is gone while the service was down: closed with an outcome (and a callback if missed). */
  | { type: 'close'; callId: string; outcome: 'answered' | 'abandoned' }
  /** A leg left alone (its caller or rep gone, or an offer that rang into the crash): hung up. */
  | { type: 'hang-up'; channelId: string; why: string }
  /** A bridge of the app that no live call accounts for. */
  | { type: 'destroy-bridge'; bridgeId: string };

/**
 * `channels`: every channel Asterisk has. `appBridges`: the app's bridges. Only legs of this
 * service's reps (`repEndpoints`) are ever hung up. A caller from the trunk not in a kept bridge is
 * left for the reconciler, which routes them like a new caller.
 */
export function planColdBoot(openCalls: OpenCallRow[], channels: LiveChannel[], appBridges: LiveBridge[], repEndpoints: ReadonlySet<string>): ColdBootStep[] {
  const steps: ColdBootStep[] = [];
  const live = new Map(channels.map((channel) => [channel.id, channel]));
  const bridges = new Map(appBridges.map((bridge) => [bridge.id, bridge]));
  const accounted = new Set<string>();
  const keptBridges = new Set<string>();
  for (const call of openCalls) {
    const bridge = bridges.get(call.callId);
    const callerUp = live.has(call.channelId);
    const others = (bridge?.channelIds ?? []).filter((id) => id !== call.channelId && live.has(id));
    if (callerUp && bridge?.channelIds.includes(call.channelId) && others.length === 1) {
      steps.push({ type: 'adopt-bridged', callId: call.callId, repChannelId: others[0] });
      accounted.add(call.channelId).add(others[0]);
      keptBridges.add(bridge.id);
      continue;
    }
    if (callerUp) {
      // Still waiting (or bridged with nobody left): the caller is routed again as a new offer.
      accounted.add(call.channelId);
      continue;
    }
    steps.push({ type: 'close', callId: call.callId, outcome: call.answeredAt ? 'answered' : 'abandoned' });
    for (const id of others) {
      steps.push({ type: 'hang-up', channelId: id, why: 'caller left while the service was down' });
      accounted.add(id);
    }
  }
  for (const channel of channels) {
    if (accounted.has(channel.id) || channel.context === 'from-trunk') continue;
    if (!repEndpoints.has(endpointOf(channel.name))) continue;
    steps.push({ type: 'hang-up', channelId: channel.id, why: 'rep leg of no live call' });
  }
  for (const bridge of appBridges) {
    if (keptBridges.has(bridge.id)) continue;
    if (bridge.channelIds.every((id) => !live.has(id) || steps.some((step) => step.type === 'hang-up' && step.channelId === id)) || openCalls.some((call) => call.callId === bridge.id)) {
      steps.push({ type: 'destroy-bridge', bridgeId: bridge.id });
    }
  }
  return steps;
}

/** `PJSIP/rep-abc-00000012` → `rep-abc`. */
export function endpointOf(channelName: string): string {
  const slash = channelName.indexOf('/');
  const dash = channelName.lastIndexOf('-');
  return slash >= 0 && dash > slash ? channelName.slice(slash + 1, dash) : '';
}
