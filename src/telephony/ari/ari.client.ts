import { AppConfig } from '../../config/app-config';
import { AppLogger } from '../../common/logging/logger';
import { AriAppOwnership, AppOwnershipOptions, HOLDER_CHECK_EVENT } from './ari-app-ownership';
import { AriEventBus, AriEvents } from './ari-event-bus';
import { AriEventFilter } from './ari-event-filter';
import { translateAriEvent } from './ari-events';
import { AriEventsSocket, AriSocketHealth, AriSocketOptions } from './ari-events.socket';
import { AriHttpClient, ariPath } from './ari-http.client';
import {
  AriApplication,
  AriAsteriskInfo,
  AriBridge,
  AriChannel,
  AriEndpoint,
  AriLiveRecording,
  AriPlayback,
  AriStoredRecording,
  obj,
  str,
  toApplication,
  toAsteriskInfo,
  toBridge,
  toChannel,
  toEndpoint,
  toLiveRecording,
  toPlayback,
  toStoredRecording,
} from './ari-resources';
import { eventsUrl } from './ari-url';

export type AriConfig = AppConfig['ari'];

/** ARI's hangup reasons (DELETE /channels/{id}?reason=). */
export type HangupReason =
  | 'normal'
  | 'busy'
  | 'congestion'
  | 'no_answer'
  | 'timeout'
  | 'rejected'
  | 'unallocated'
  | 'normal_unspecified'
  | 'number_incomplete'
  | 'codec_mismatch'
  | 'interworking'
  | 'failure'
  | 'answered_elsewhere';

export interface OriginateParams {
  /** e.g. 'PJSIP/rep1'. */
  endpoint: string;
  /** Stasis app for the new channel; defaults to ours. */
  app?: string;
  /** Stasis arguments; joined with ',' (so no element may contain a comma). */
  appArgs?: readonly string[];
  callerId?: string;
  timeoutSec?: number;
  /** Chosen by the caller, so it knows the id before any event about the channel arrives. */
  channelId?: string;
  variables?: Record<string, string>;
  /** Channel that causes this one (links CDRs/linkedid, e.g. the inbound caller). */
  originator?: string;
  /**
   * Dialplan instead of Stasis once answered (e.g. 'dialer-amd': AMD has no ARI call). Asterisk
   * ignores these when `app` is sent, so originate() then leaves `app` out.
   */
  context?: string;
  extension?: string;
  priority?: number;
}

export type CreateChannelParams = Omit<OriginateParams, 'callerId' | 'timeoutSec' | 'context' | 'extension' | 'priority'>;

export interface RecordParams {
  name: string;
  format?: string;
  ifExists?: 'fail' | 'overwrite' | 'append';
  beep?: boolean;
  maxDurationSeconds?: number;
  maxSilenceSeconds?: number;
}

export type SnoopDirection = 'none' | 'both' | 'out' | 'in';

export interface SnoopParams {
  spy?: SnoopDirection;
  whisper?: SnoopDirection;
  app?: string;
  appArgs?: readonly string[];
  snoopId?: string;
}

export interface AriHealth extends Omit<AriSocketHealth, 'state'> {
  /** `replaced`: the socket is up but another connection took the Stasis app (no calls reach us). */
  state: AriSocketHealth['state'] | 'replaced';
  appLostAt: Date | null;
}

export interface AriClientOptions {
  socket?: Partial<AriSocketOptions>;
  ownership?: Partial<AppOwnershipOptions>;
}

/**
 * The project's ARI adapter: the one place that talks to Asterisk. REST calls return the
 * project's own resource types; `events` delivers translated events and connection signals.
 */
export class AriClient {
  readonly events: AriEvents;
  readonly app: string;
  private readonly bus: AriEventBus;
  private readonly http: AriHttpClient;
  private readonly socket: AriEventsSocket;
  private readonly logger: AppLogger;
  private readonly filter: AriEventFilter;
  private readonly ownership: AriAppOwnership;

  constructor(config: AriConfig, logger: AppLogger, options: AriClientOptions = {}) {
    this.logger = logger.child({ component: 'ari' });
    this.app = config.app;
    this.http = new AriHttpClient(config, this.logger);
    this.bus = new AriEventBus(this.logger);
    this.events = this.bus;
    this.socket = new AriEventsSocket(
      eventsUrl(config),
      {
        onMessage: (raw) => this.dispatch(raw),
        onConnected: ({ reconnect }) => {
          this.ownership.onConnected();
          this.filter.apply();
          this.bus.emit('connected', { reconnect, at: new Date() });
        },
        onDisconnected: ({ reason }) => this.bus.emit('disconnected', { reason, at: new Date() }),
      },
      this.logger,
      options.socket,
    );
    this.ownership = new AriAppOwnership(
      this.app,
      {
        sendUserEvent: (eventName, variables) => this.http.request('POST', ariPath`/events/user/${eventName}`, { query: { application: this.app }, body: { variables } }).then(() => undefined),
        setGlobalVar: (variable, value) => this.setGlobalVar(variable, value),
        getGlobalVar: async (variable) => str(obj(await this.http.request('GET', '/asterisk/variable', { query: { variable } })).value),
        reclaim: () => this.socket.restart(),
      },
      this.logger,
      options.ownership,
    );
    this.bus.on('ChannelUserevent', (event) => {
      if (event.eventName === HOLDER_CHECK_EVENT) this.ownership.onHolderCheck(str(event.userEvent.nonce));
    });
    this.filter = new AriEventFilter(this.bus, (types) => this.filterEvents(types), () => this.socket.health().state === 'connected', this.logger);
  }

  /** Starts the events socket in the background; boot never waits for Asterisk. */
  connect(): void {
    this.socket.start();
  }

  async close(): Promise<void> {
    this.ownership.close();
    await this.socket.close();
    await this.http.close();
  }

  health(): AriHealth {
    const socket = this.socket.health();
    const appLostAt = this.ownership.lostAt();
    return { ...socket, state: appLostAt && socket.state === 'connected' ? 'replaced' : socket.state, appLostAt };
  }

  // --- Asterisk and applications -------------------------------------------------------------

  async asteriskInfo(): Promise<AriAsteriskInfo> {
    return toAsteriskInfo(await this.http.request('GET', '/asterisk/info'));
  }

  async getApplication(app: string = this.app): Promise<AriApplication> {
    return toApplication(await this.http.request('GET', ariPath`/applications/${app}`));
  }

  /** eventSource like 'channel:ID', 'bridge:ID', 'endpoint:PJSIP/rep1', 'deviceState:NAME'. */
  async subscribe(eventSource: string | readonly string[]): Promise<AriApplication> {
    const query = { eventSource: typeof eventSource === 'string' ? [eventSource] : eventSource };
    return toApplication(await this.http.request('POST', ariPath`/applications/${this.app}/subscription`, { query }));
  }

  /** Only these event types reach the app from now on (kept by Asterisk until it restarts). */
  async filterEvents(allowedTypes: readonly string[]): Promise<AriApplication> {
    const body = { allowed: allowedTypes.map((type) => ({ type })) };
    return toApplication(await this.http.request('PUT', ariPath`/applications/${this.app}/eventFilter`, { body }));
  }

  async unsubscribe(eventSource: string | readonly string[]): Promise<AriApplication> {
    const query = { eventSource: typeof eventSource === 'string' ? [eventSource] : eventSource };
    return toApplication(await this.http.request('DELETE', ariPath`/applications/${this.app}/subscription`, { query }));
  }

  // --- Channels ------------------------------------------------------------------------------

  async answer(channelId: string): Promise<void> {
    await this.http.request('POST', ariPath`/channels/${channelId}/answer`);
  }

  async hangup(channelId: string, reason?: HangupReason): Promise<void> {
    await this.http.request('DELETE', ariPath`/channels/${channelId}`, { query: { reason } });
  }

  /** Leaves Stasis and goes on in the dialplan after Stasis() (the fallback while draining). */
  async continueInDialplan(channelId: string): Promise<void> {
    await this.http.request('POST', ariPath`/channels/${channelId}/continue`);
  }

  /** A dialplan global (Set(GLOBAL(...))): lets the dialplan fallback know who to ring without us. */
  async setGlobalVar(variable: string, value: string): Promise<void> {
    await this.http.request('POST', '/asterisk/variable', { query: { variable, value } });
  }

  async ring(channelId: string): Promise<void> {
    await this.http.request('POST', ariPath`/channels/${channelId}/ring`);
  }

  async startMoh(channelId: string, mohClass?: string): Promise<void> {
    await this.http.request('POST', ariPath`/channels/${channelId}/moh`, { query: { mohClass } });
  }

  async stopMoh(channelId: string): Promise<void> {
    await this.http.request('DELETE', ariPath`/channels/${channelId}/moh`);
  }

  /** media like 'sound:hello-world'; played in order. */
  async play(channelId: string, media: readonly string[], playbackId?: string): Promise<AriPlayback> {
    const path = playbackId ? ariPath`/channels/${channelId}/play/${playbackId}` : ariPath`/channels/${channelId}/play`;
    return toPlayback(await this.http.request('POST', path, { query: { media } }));
  }

  async stopPlayback(playbackId: string): Promise<void> {
    await this.http.request('DELETE', ariPath`/playbacks/${playbackId}`);
  }

  /** POST /channels: dials and, once answered, puts the channel into Stasis (or a dialplan). */
  async originate(params: OriginateParams): Promise<AriChannel> {
    const query = {
      ...this.channelQuery(params),
      callerId: params.callerId,
      timeout: params.timeoutSec,
      ...(params.context ? { app: undefined, appArgs: undefined, context: params.context, extension: params.extension ?? 's', priority: String(params.priority ?? 1) } : {}),
    };
    return toChannel(await this.http.request('POST', '/channels', { query, body: variablesBody(params.variables) }));
  }

  /** POST /channels/create: the channel exists but does not dial until dial(); gives Dial events. */
  async createChannel(params: CreateChannelParams): Promise<AriChannel> {
    return toChannel(
      await this.http.request('POST', '/channels/create', { query: this.channelQuery(params), body: variablesBody(params.variables) }),
    );
  }

  async dial(channelId: string, options: { callerChannelId?: string; timeoutSec?: number } = {}): Promise<void> {
    await this.http.request('POST', ariPath`/channels/${channelId}/dial`, {
      query: { caller: options.callerChannelId, timeout: options.timeoutSec },
    });
  }

  async getChannel(channelId: string): Promise<AriChannel> {
    return toChannel(await this.http.request('GET', ariPath`/channels/${channelId}`));
  }

  async listChannels(): Promise<AriChannel[]> {
    return list(await this.http.request('GET', '/channels'), toChannel);
  }

  async getChannelVar(channelId: string, variable: string): Promise<string> {
    const result = await this.http.request<{ value?: unknown }>('GET', ariPath`/channels/${channelId}/variable`, { query: { variable } });
    return typeof result?.value === 'string' ? result.value : '';
  }

  async setChannelVar(channelId: string, variable: string, value: string): Promise<void> {
    await this.http.request('POST', ariPath`/channels/${channelId}/variable`, { query: { variable, value } });
  }

  /** Listen (spy) / whisper channel on another channel; it enters Stasis like any other. */
  async snoop(channelId: string, params: SnoopParams): Promise<AriChannel> {
    const query = {
      spy: params.spy ?? 'none',
      whisper: params.whisper ?? 'none',
      app: params.app ?? this.app,
      appArgs: params.appArgs?.join(','),
      snoopId: params.snoopId,
    };
    return toChannel(await this.http.request('POST', ariPath`/channels/${channelId}/snoop`, { query }));
  }

  // --- Bridges -------------------------------------------------------------------------------

  async createBridge(type = 'mixing', bridgeId?: string, name?: string): Promise<AriBridge> {
    return toBridge(await this.http.request('POST', '/bridges', { query: { type, bridgeId, name } }));
  }

  async addToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    await this.http.request('POST', ariPath`/bridges/${bridgeId}/addChannel`, { query: { channel: channelIds } });
  }

  async removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    await this.http.request('POST', ariPath`/bridges/${bridgeId}/removeChannel`, { query: { channel: channelIds } });
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    await this.http.request('DELETE', ariPath`/bridges/${bridgeId}`);
  }

  async getBridge(bridgeId: string): Promise<AriBridge> {
    return toBridge(await this.http.request('GET', ariPath`/bridges/${bridgeId}`));
  }

  async listBridges(): Promise<AriBridge[]> {
    return list(await this.http.request('GET', '/bridges'), toBridge);
  }

  // --- Recordings ----------------------------------------------------------------------------

  /** Bridge recording: the only kind that captures both sides of a call. */
  async recordBridge(bridgeId: string, params: RecordParams): Promise<AriLiveRecording> {
    return toLiveRecording(await this.http.request('POST', ariPath`/bridges/${bridgeId}/record`, { query: recordQuery(params) }));
  }

  /** Channel recording, e.g. of a snoop channel spying both directions of a call. */
  async recordChannel(channelId: string, params: RecordParams): Promise<AriLiveRecording> {
    return toLiveRecording(await this.http.request('POST', ariPath`/channels/${channelId}/record`, { query: recordQuery(params) }));
  }

  async pauseRecording(name: string): Promise<void> {
    await this.http.request('POST', ariPath`/recordings/live/${name}/pause`);
  }

  async unpauseRecording(name: string): Promise<void> {
    await this.http.request('DELETE', ariPath`/recordings/live/${name}/pause`);
  }

  /** Mute writes silence in place of the audio, so the file keeps the call's timeline (pause drops the time). */
  async muteRecording(name: string): Promise<void> {
    await this.http.request('POST', ariPath`/recordings/live/${name}/mute`);
  }

  async unmuteRecording(name: string): Promise<void> {
    await this.http.request('DELETE', ariPath`/recordings/live/${name}/mute`);
  }

  async stopRecording(name: string): Promise<void> {
    await this.http.request('POST', ariPath`/recordings/live/${name}/stop`);
  }

  /** Stops a live recording and discards its file. */
  async cancelRecording(name: string): Promise<void> {
    await this.http.request('DELETE', ariPath`/recordings/live/${name}`);
  }

  async getStoredRecording(name: string): Promise<AriStoredRecording> {
    return toStoredRecording(await this.http.request('GET', ariPath`/recordings/stored/${name}`));
  }

  /** Whole file in memory: call recordings are a few MB, and the upload needs a known size. */
  async downloadStoredRecording(name: string): Promise<Buffer> {
    return this.http.requestBuffer('GET', ariPath`/recordings/stored/${name}/file`);
  }

  async deleteStoredRecording(name: string): Promise<void> {
    await this.http.request('DELETE', ariPath`/recordings/stored/${name}`);
  }

  // --- Endpoints and push configuration ------------------------------------------------------

  async endpointState(technology: string, resource: string): Promise<AriEndpoint> {
    return toEndpoint(await this.http.request('GET', ariPath`/endpoints/${technology}/${resource}`));
  }

  async listEndpoints(): Promise<AriEndpoint[]> {
    return list(await this.http.request('GET', '/endpoints'), toEndpoint);
  }

  /**
   * Creates or replaces a sorcery object (e.g. res_pjsip/auth/rep1). Asterisk echoes every field,
   * passwords included, so the response is dropped and the request marked sensitive.
   * Pushed objects live in memory: push them again after `connected` with reconnect=true.
   */
  async pushDynamicConfig(configClass: string, objectType: string, id: string, fields: Record<string, string>): Promise<void> {
    const body = { fields: Object.entries(fields).map(([attribute, value]) => ({ attribute, value })) };
    await this.http.request('PUT', ariPath`/asterisk/config/dynamic/${configClass}/${objectType}/${id}`, { body, sensitive: true });
  }

  async deleteDynamicConfig(configClass: string, objectType: string, id: string): Promise<void> {
    await this.http.request('DELETE', ariPath`/asterisk/config/dynamic/${configClass}/${objectType}/${id}`, { sensitive: true });
  }

  // --- internals -----------------------------------------------------------------------------

  private channelQuery(params: CreateChannelParams): Record<string, string | undefined> {
    return {
      endpoint: params.endpoint,
      app: params.app ?? this.app,
      appArgs: params.appArgs?.join(','),
      channelId: params.channelId,
      originator: params.originator,
    };
  }

  private readonly recentMessages = new Set<string>();

  private isDuplicate(raw: unknown): boolean {
    if (typeof raw !== 'object' || raw === null || !('channel' in raw)) return false;
    const key = JSON.stringify(raw);
    if (this.recentMessages.has(key)) return true;
    this.recentMessages.add(key);
    if (this.recentMessages.size > DEDUPE_WINDOW) this.recentMessages.delete(this.recentMessages.values().next().value as string);
    return false;
  }

  private dispatch(raw: unknown): void {
    if (this.isDuplicate(raw)) return;
    const event = translateAriEvent(raw);
    if (event.type === 'ApplicationReplaced') this.ownership.onReplaced();
    else if (event.type === 'Other') {
      this.logger.trace({ rawType: event.rawType }, 'ARI event not modelled');
    }
    this.bus.emitEvent(event);
  }
}

/**
 * An app subscribed to a channel both directly (Stasis) and through its endpoint (the NPS dialer
 * subscribes the trunk to see legs that fail before answering) gets each channel event twice, byte
 * for byte (seen with ChannelDtmfReceived on 22.10). Identical messages are dropped here, once,
 * for every feature; the window is small because duplicates arrive back to back.
 */
const DEDUPE_WINDOW = 512;

function variablesBody(variables: Record<string, string> | undefined): { variables: Record<string, string> } | undefined {
  return variables && Object.keys(variables).length > 0 ? { variables } : undefined;
}

function list<T>(raw: unknown, map: (item: unknown) => T): T[] {
  return Array.isArray(raw) ? raw.map(map) : [];
}

function recordQuery(params: RecordParams): Record<string, string | number | boolean | undefined> {
  return {
    name: params.name,
    format: params.format ?? 'wav',
    ifExists: params.ifExists ?? 'fail',
    beep: params.beep ?? false,
    maxDurationSeconds: params.maxDurationSeconds,
    maxSilenceSeconds: params.maxSilenceSeconds,
  };
}
