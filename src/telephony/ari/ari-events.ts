import {
  AriBridge,
  AriChannel,
  AriDeviceState,
  AriEndpoint,
  AriLiveRecording,
  AriPlayback,
  num,
  obj,
  str,
  strings,
  toBridge,
  toChannel,
  toDeviceState,
  toEndpoint,
  toLiveRecording,
  toPlayback,
} from './ari-resources';

/**
 * The project's own ARI events. Raw websocket JSON is translated here, where it enters, so call
 * logic is written against these types and never against Asterisk's wire format.
 */
interface EventBase {
  /** Stasis application that received the event. */
  application: string;
  /** Asterisk's ISO timestamp (its clock, not ours). */
  timestamp: string;
}

export interface StasisStartEvent extends EventBase {
  type: 'StasisStart';
  channel: AriChannel;
  /** Stasis() arguments after the app name, e.g. ['inbound', '<caller>', '<exten>']. */
  args: string[];
  /** Set when the channel replaces another one (masquerade), e.g. after a transfer. */
  replaceChannelId?: string;
}

/**
 * The channel left our app. With subscribeAll=false it is also the last event we get for it:
 * a channel hung up while in Stasis gives ChannelHangupRequest then StasisEnd, and its
 * ChannelDestroyed goes to nobody (verified on Asterisk 22.10). Treat StasisEnd as "gone".
 */
export interface StasisEndEvent extends EventBase {
  type: 'StasisEnd';
  channel: AriChannel;
}

export interface ChannelStateChangeEvent extends EventBase {
  type: 'ChannelStateChange';
  channel: AriChannel;
}

export interface ChannelDestroyedEvent extends EventBase {
  type: 'ChannelDestroyed';
  channel: AriChannel;
  /** Q.850 cause code (16 normal clearing, 17 busy, 19 no answer, ...). */
  cause: number;
  causeText: string;
}

export interface ChannelHangupRequestEvent extends EventBase {
  type: 'ChannelHangupRequest';
  channel: AriChannel;
  cause?: number;
  soft: boolean;
}

export interface ChannelDtmfReceivedEvent extends EventBase {
  type: 'ChannelDtmfReceived';
  channel: AriChannel;
  digit: string;
  durationMs: number;
}

/** A phone put the call on hold (re-INVITE sendonly/inactive) or took it off; ARI leaves the music to the app. */
export interface ChannelHoldEvent extends EventBase {
  type: 'ChannelHold' | 'ChannelUnhold';
  channel: AriChannel;
}

export interface ChannelEnteredBridgeEvent extends EventBase {
  type: 'ChannelEnteredBridge';
  bridge: AriBridge;
  /** ARI marks it optional; absent for some internal channels. */
  channel?: AriChannel;
}

export interface ChannelLeftBridgeEvent extends EventBase {
  type: 'ChannelLeftBridge';
  bridge: AriBridge;
  channel: AriChannel;
}

export interface PlaybackEvent extends EventBase {
  type: 'PlaybackStarted' | 'PlaybackFinished';
  playback: AriPlayback;
}

export interface RecordingEvent extends EventBase {
  type: 'RecordingStarted' | 'RecordingFinished' | 'RecordingFailed';
  recording: AriLiveRecording;
}

export interface DialEvent extends EventBase {
  type: 'Dial';
  peer: AriChannel;
  caller?: AriChannel;
  /** Empty while dialing starts; then RINGING, ANSWER, BUSY, NOANSWER, CANCEL, CHANUNAVAIL, ... */
  dialStatus: string;
  dialString?: string;
  forward?: string;
}

export interface EndpointStateChangeEvent extends EventBase {
  type: 'EndpointStateChange';
  endpoint: AriEndpoint;
}

export interface DeviceStateChangedEvent extends EventBase {
  type: 'DeviceStateChanged';
  deviceState: AriDeviceState;
}

/** Another websocket took over our Stasis app: we will get no more events until we reconnect. */
export interface ApplicationReplacedEvent extends EventBase {
  type: 'ApplicationReplaced';
}

/** A user event sent to the app (POST /events/user/{eventName}); instances check who holds the app with it. */
export interface ChannelUsereventEvent extends EventBase {
  type: 'ChannelUserevent';
  eventName: string;
  userEvent: Record<string, unknown>;
}

/** Anything we do not model yet (or cannot parse); kept raw so nothing is silently lost. */
export interface OtherAriEvent {
  type: 'Other';
  rawType: string;
  raw: unknown;
}

export type AriEvent =
  | StasisStartEvent
  | StasisEndEvent
  | ChannelStateChangeEvent
  | ChannelDestroyedEvent
  | ChannelHangupRequestEvent
  | ChannelDtmfReceivedEvent
  | ChannelHoldEvent
  | ChannelEnteredBridgeEvent
  | ChannelLeftBridgeEvent
  | PlaybackEvent
  | RecordingEvent
  | DialEvent
  | EndpointStateChangeEvent
  | DeviceStateChangedEvent
  | ApplicationReplacedEvent
  | ChannelUsereventEvent
  | OtherAriEvent;

export type AriEventType = AriEvent['type'];

/**
 * Maps each type name to its event, so `on('Dial', e => e.peer)` is typed; events that share one
 * shape under several names (PlaybackStarted | PlaybackFinished) narrow to the name asked for.
 */
export type AriEventOf<T extends AriEventType> = NarrowTo<AriEvent, T>;
type NarrowTo<E, T> = E extends { type: infer U } ? (T extends U ? E & { type: T } : never) : never;

type Translator = (o: Record<string, unknown>, base: EventBase) => AriEvent | undefined;

/** Returns undefined when a required object is missing, so the event falls back to Other. */
const TRANSLATORS: Record<string, Translator> = {
  StasisStart: (o, base) =>
    has(o.channel) ? withOptional({ type: 'StasisStart', ...base, channel: toChannel(o.channel), args: strings(o.args) }, 'replaceChannelId', has(o.replace_channel) ? str(obj(o.replace_channel).id) : undefined) : undefined,
  StasisEnd: (o, base) => (has(o.channel) ? { type: 'StasisEnd', ...base, channel: toChannel(o.channel) } : undefined),
  ChannelStateChange: (o, base) => (has(o.channel) ? { type: 'ChannelStateChange', ...base, channel: toChannel(o.channel) } : undefined),
  ChannelDestroyed: (o, base) =>
    has(o.channel) ? { type: 'ChannelDestroyed', ...base, channel: toChannel(o.channel), cause: num(o.cause), causeText: str(o.cause_txt) } : undefined,
  ChannelHangupRequest: (o, base) =>
    has(o.channel)
      ? withOptional({ type: 'ChannelHangupRequest', ...base, channel: toChannel(o.channel), soft: o.soft === true }, 'cause', typeof o.cause === 'number' ? o.cause : undefined)
      : undefined,
  ChannelDtmfReceived: (o, base) =>
    has(o.channel) ? { type: 'ChannelDtmfReceived', ...base, channel: toChannel(o.channel), digit: str(o.digit), durationMs: num(o.duration_ms) } : undefined,
  ChannelHold: (o, base) => (has(o.channel) ? { type: 'ChannelHold', ...base, channel: toChannel(o.channel) } : undefined),
  ChannelUnhold: (o, base) => (has(o.channel) ? { type: 'ChannelUnhold', ...base, channel: toChannel(o.channel) } : undefined),
  ChannelEnteredBridge: (o, base) =>
    has(o.bridge) ? withOptional({ type: 'ChannelEnteredBridge', ...base, bridge: toBridge(o.bridge) }, 'channel', has(o.channel) ? toChannel(o.channel) : undefined) : undefined,
  ChannelLeftBridge: (o, base) =>
    has(o.bridge) && has(o.channel) ? { type: 'ChannelLeftBridge', ...base, bridge: toBridge(o.bridge), channel: toChannel(o.channel) } : undefined,
  PlaybackStarted: (o, base) => (has(o.playback) ? { type: 'PlaybackStarted', ...base, playback: toPlayback(o.playback) } : undefined),
  PlaybackFinished: (o, base) => (has(o.playback) ? { type: 'PlaybackFinished', ...base, playback: toPlayback(o.playback) } : undefined),
  RecordingStarted: (o, base) => (has(o.recording) ? { type: 'RecordingStarted', ...base, recording: toLiveRecording(o.recording) } : undefined),
  RecordingFinished: (o, base) => (has(o.recording) ? { type: 'RecordingFinished', ...base, recording: toLiveRecording(o.recording) } : undefined),
  RecordingFailed: (o, base) => (has(o.recording) ? { type: 'RecordingFailed', ...base, recording: toLiveRecording(o.recording) } : undefined),
  Dial: (o, base) => (has(o.peer) ? translateDial(o, base) : undefined),
  EndpointStateChange: (o, base) => (has(o.endpoint) ? { type: 'EndpointStateChange', ...base, endpoint: toEndpoint(o.endpoint) } : undefined),
  DeviceStateChanged: (o, base) =>
    has(o.device_state) ? { type: 'DeviceStateChanged', ...base, deviceState: toDeviceState(o.device_state) } : undefined,
  ApplicationReplaced: (_o, base) => ({ type: 'ApplicationReplaced', ...base }),
  ChannelUserevent: (o, base) => ({ type: 'ChannelUserevent', ...base, eventName: str(o.eventname), userEvent: obj(o.userevent) }),
};

/**
 * The event types this adapter models. The app asks Asterisk for those among them some handler
 * listens to (PUT eventFilter, `eventFilterFor`); the rest (ChannelVarset, ChannelDialplan,
 * Bridge*, PeerStatusChange, ...) would be serialised, sent and parsed for nothing.
 */
export const MODELLED_EVENT_TYPES: readonly string[] = Object.keys(TRANSLATORS);

/** Pure: the types to ask Asterisk for, given those listened to (null: everything modelled). */
export function eventFilterFor(wanted: readonly string[] | null): readonly string[] {
  if (wanted === null) return MODELLED_EVENT_TYPES;
  return MODELLED_EVENT_TYPES.filter((type) => type === 'ApplicationReplaced' || wanted.includes(type));
}

/** Pure: one raw ARI websocket message in, one project event out. Never throws. */
export function translateAriEvent(raw: unknown): AriEvent {
  const o = obj(raw);
  const rawType = str(o.type);
  const translate = TRANSLATORS[rawType];
  const event = translate?.(o, { application: str(o.application), timestamp: str(o.timestamp) });
  return event ?? { type: 'Other', rawType, raw };
}

function translateDial(o: Record<string, unknown>, base: EventBase): DialEvent {
  const event: DialEvent = { type: 'Dial', ...base, peer: toChannel(o.peer), dialStatus: str(o.dialstatus) };
  if (has(o.caller)) event.caller = toChannel(o.caller);
  if (typeof o.dialstring === 'string') event.dialString = o.dialstring;
  if (typeof o.forward === 'string' && o.forward !== '') event.forward = o.forward;
  return event;
}

function has(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds an optional key only when it has a value, so events compare cleanly in tests and logs. */
function withOptional<T extends AriEvent>(event: T, key: string, value: unknown): T {
  if (value !== undefined && value !== '') (event as unknown as Record<string, unknown>)[key] = value;
  return event;
}
