/**
 * The project's own shapes for ARI resources (channels, bridges, ...), and pure mappers from the
 * raw JSON Asterisk sends. Both REST responses and websocket events go through these mappers, so
 * the rest of the app sees one camelCase vocabulary and never ARI's snake_case wire format.
 *
 * Mappers are defensive: ARI JSON is untrusted input, and a malformed field must degrade to an
 * empty value rather than crash the event loop that feeds every call in the building.
 */

export type RawJson = Record<string, unknown>;

export interface AriChannel {
  id: string;
  name: string;
  /** ARI channel state: Down, Rsrvd, OffHook, Dialing, Ring, Ringing, Up, Busy, ... */
  state: string;
  callerNumber: string;
  callerName: string;
  connectedNumber: string;
  /** Where the channel is in the dialplan; for an inbound call `exten` is the dialed number. */
  dialplan: { context: string; exten: string; priority: number };
  createdAt: string;
  language: string;
}

export interface AriBridge {
  id: string;
  /** mixing, holding, ... (ARI's `bridge_type`). */
  type: string;
  technology: string;
  name: string;
  creator: string;
  channelIds: string[];
  createdAt: string;
}

export interface AriPlayback {
  id: string;
  mediaUri: string;
  targetUri: string;
  /** queued, playing, paused, complete, done, failed. */
  state: string;
}

export interface AriLiveRecording {
  name: string;
  format: string;
  targetUri: string;
  /** queued, recording, paused, done, failed, canceled. */
  state: string;
  durationSec?: number;
  cause?: string;
}

export interface AriStoredRecording {
  name: string;
  format: string;
}

export interface AriEndpoint {
  technology: string;
  resource: string;
  /** unknown, offline, online. Absent for technologies that do not track it. */
  state?: string;
  channelIds: string[];
}

export interface AriDeviceState {
  name: string;
  state: string;
}

export interface AriApplication {
  name: string;
  channelIds: string[];
  bridgeIds: string[];
  endpointIds: string[];
  deviceNames: string[];
  /** Event types the app's filter lets through (empty: no filter, everything). */
  eventsAllowed: string[];
}

export interface AriAsteriskInfo {
  version: string;
  systemId: string;
  startedAt: string;
  reloadedAt: string;
}

export function toChannel(raw: unknown): AriChannel {
  const o = obj(raw);
  const caller = obj(o.caller);
  const dialplan = obj(o.dialplan);
  return {
    id: str(o.id),
    name: str(o.name),
    state: str(o.state),
    callerNumber: str(caller.number),
    callerName: str(caller.name),
    connectedNumber: str(obj(o.connected).number),
    dialplan: { context: str(dialplan.context), exten: str(dialplan.exten), priority: num(dialplan.priority) },
    createdAt: str(o.creationtime),
    language: str(o.language),
  };
}

export function toBridge(raw: unknown): AriBridge {
  const o = obj(raw);
  return {
    id: str(o.id),
    type: str(o.bridge_type),
    technology: str(o.technology),
    name: str(o.name),
    creator: str(o.creator),
    channelIds: strings(o.channels),
    createdAt: str(o.creationtime),
  };
}

export function toPlayback(raw: unknown): AriPlayback {
  const o = obj(raw);
  return { id: str(o.id), mediaUri: str(o.media_uri), targetUri: str(o.target_uri), state: str(o.state) };
}

export function toLiveRecording(raw: unknown): AriLiveRecording {
  const o = obj(raw);
  const recording: AriLiveRecording = {
    name: str(o.name),
    format: str(o.format),
    targetUri: str(o.target_uri),
    state: str(o.state),
  };
  if (typeof o.duration === 'number') recording.durationSec = o.duration;
  if (typeof o.cause === 'string') recording.cause = o.cause;
  return recording;
}

export function toStoredRecording(raw: unknown): AriStoredRecording {
  const o = obj(raw);
  return { name: str(o.name), format: str(o.format) };
}

export function toEndpoint(raw: unknown): AriEndpoint {
  const o = obj(raw);
  const endpoint: AriEndpoint = { technology: str(o.technology), resource: str(o.resource), channelIds: strings(o.channel_ids) };
  if (typeof o.state === 'string') endpoint.state = o.state;
  return endpoint;
}

export function toDeviceState(raw: unknown): AriDeviceState {
  const o = obj(raw);
  return { name: str(o.name), state: str(o.state) };
}

export function toApplication(raw: unknown): AriApplication {
  const o = obj(raw);
  return {
    name: str(o.name),
    channelIds: strings(o.channel_ids),
    bridgeIds: strings(o.bridge_ids),
    endpointIds: strings(o.endpoint_ids),
    deviceNames: strings(o.device_names),
    eventsAllowed: Array.isArray(o.events_allowed) ? o.events_allowed.map((entry) => str(obj(entry).type)).filter(Boolean) : [],
  };
}

export function toAsteriskInfo(raw: unknown): AriAsteriskInfo {
  const o = obj(raw);
  const system = obj(o.system);
  const status = obj(o.status);
  return {
    version: str(system.version),
    systemId: str(system.entity_id),
    startedAt: str(status.startup_time),
    reloadedAt: str(status.last_reload_time),
  };
}

export function obj(value: unknown): RawJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawJson) : {};
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
