import pino from 'pino';
import { AriEventBus } from '../../src/telephony/ari/ari-event-bus';
import { AriEvent, eventFilterFor, MODELLED_EVENT_TYPES, translateAriEvent } from '../../src/telephony/ari/ari-events';

const base = { application: 'salescall', timestamp: '2026-11-27T10:00:00.000+0000' };

const rawChannel = {
  id: '1732700000.1',
  protocol_id: 'abc@127.0.0.2',
  name: 'PJSIP/trunk-00000001',
  state: 'Ring',
  caller: { name: 'Alice', number: '+4917012345' },
  connected: { name: '', number: '' },
  accountcode: '',
  dialplan: { context: 'from-trunk', exten: '4930111222', priority: 1, app_name: 'Stasis', app_data: 'salescall,inbound' },
  creationtime: '2026-11-27T10:00:00.000+0000',
  language: 'en',
};

const channel = {
  id: '1732700000.1',
  name: 'PJSIP/trunk-00000001',
  state: 'Ring',
  callerNumber: '+4917012345',
  callerName: 'Alice',
  connectedNumber: '',
  dialplan: { context: 'from-trunk', exten: '4930111222', priority: 1 },
  createdAt: '2026-11-27T10:00:00.000+0000',
  language: 'en',
};

const rawBridge = {
  id: 'call-1',
  technology: 'simple_bridge',
  bridge_type: 'mixing',
  bridge_class: 'stasis',
  creator: 'Stasis',
  name: 'call 1',
  channels: ['1732700000.1', 42],
  creationtime: '2026-11-27T10:00:01.000+0000',
};
const bridge = {
  id: 'call-1',
  type: 'mixing',
  technology: 'simple_bridge',
  name: 'call 1',
  creator: 'Stasis',
  channelIds: ['1732700000.1'],
  createdAt: '2026-11-27T10:00:01.000+0000',
};

const rawPlayback = { id: 'pb-1', media_uri: 'sound:hello-world', target_uri: 'channel:1732700000.1', state: 'playing', language: 'en' };
const playback = { id: 'pb-1', mediaUri: 'sound:hello-world', targetUri: 'channel:1732700000.1', state: 'playing' };
const rawRecording = { name: 'call-1', format: 'wav', target_uri: 'bridge:call-1', state: 'done', duration: 12 };
const recording = { name: 'call-1', format: 'wav', targetUri: 'bridge:call-1', state: 'done', durationSec: 12 };

const cases: Array<[string, Record<string, unknown>, AriEvent]> = [
  [
    'StasisStart with args',
    { type: 'StasisStart', ...base, args: ['inbound', '+4917012345', '4930111222'], channel: rawChannel },
    { type: 'StasisStart', ...base, channel, args: ['inbound', '+4917012345', '4930111222'] },
  ],
  [
    'StasisStart replacing a channel, non-string args dropped',
    { type: 'StasisStart', ...base, args: ['rep', 7], channel: rawChannel, replace_channel: { ...rawChannel, id: 'old' } },
    { type: 'StasisStart', ...base, channel, args: ['rep'], replaceChannelId: 'old' },
  ],
  ['StasisEnd', { type: 'StasisEnd', ...base, channel: rawChannel }, { type: 'StasisEnd', ...base, channel }],
  [
    'ChannelStateChange',
    { type: 'ChannelStateChange', ...base, channel: { ...rawChannel, state: 'Up' } },
    { type: 'ChannelStateChange', ...base, channel: { ...channel, state: 'Up' } },
  ],
  [
    'ChannelDestroyed',
    { type: 'ChannelDestroyed', ...base, cause: 16, cause_txt: 'Normal Clearing', channel: rawChannel },
    { type: 'ChannelDestroyed', ...base, channel, cause: 16, causeText: 'Normal Clearing' },
  ],
  [
    'ChannelHangupRequest soft without cause',
    { type: 'ChannelHangupRequest', ...base, soft: true, channel: rawChannel },
    { type: 'ChannelHangupRequest', ...base, channel, soft: true },
  ],
  [
    'ChannelHangupRequest with cause',
    { type: 'ChannelHangupRequest', ...base, cause: 17, channel: rawChannel },
    { type: 'ChannelHangupRequest', ...base, channel, soft: false, cause: 17 },
  ],
  [
    'ChannelDtmfReceived',
    { type: 'ChannelDtmfReceived', ...base, digit: '#', duration_ms: 120, channel: rawChannel },
    { type: 'ChannelDtmfReceived', ...base, channel, digit: '#', durationMs: 120 },
  ],
  [
    'ChannelEnteredBridge',
    { type: 'ChannelEnteredBridge', ...base, bridge: rawBridge, channel: rawChannel },
    { type: 'ChannelEnteredBridge', ...base, bridge, channel },
  ],
  [
    'ChannelEnteredBridge without channel',
    { type: 'ChannelEnteredBridge', ...base, bridge: rawBridge },
    { type: 'ChannelEnteredBridge', ...base, bridge },
  ],
  [
    'ChannelLeftBridge',
    { type: 'ChannelLeftBridge', ...base, bridge: rawBridge, channel: rawChannel },
    { type: 'ChannelLeftBridge', ...base, bridge, channel },
  ],
  ['PlaybackStarted', { type: 'PlaybackStarted', ...base, playback: rawPlayback }, { type: 'PlaybackStarted', ...base, playback }],
  [
    'PlaybackFinished',
    { type: 'PlaybackFinished', ...base, playback: { ...rawPlayback, state: 'done' } },
    { type: 'PlaybackFinished', ...base, playback: { ...playback, state: 'done' } },
  ],
  [
    'RecordingStarted',
    { type: 'RecordingStarted', ...base, recording: { ...rawRecording, state: 'recording', duration: undefined } },
    { type: 'RecordingStarted', ...base, recording: { name: 'call-1', format: 'wav', targetUri: 'bridge:call-1', state: 'recording' } },
  ],
  ['RecordingFinished', { type: 'RecordingFinished', ...base, recording: rawRecording }, { type: 'RecordingFinished', ...base, recording }],
  [
    'RecordingFailed with cause',
    { type: 'RecordingFailed', ...base, recording: { ...rawRecording, state: 'failed', cause: 'disk full' } },
    { type: 'RecordingFailed', ...base, recording: { ...recording, state: 'failed', cause: 'disk full' } },
  ],
  [
    'Dial answered',
    { type: 'Dial', ...base, dialstatus: 'ANSWER', dialstring: 'rep1', forward: '', peer: rawChannel, caller: { ...rawChannel, id: 'c' } },
    { type: 'Dial', ...base, peer: channel, caller: { ...channel, id: 'c' }, dialStatus: 'ANSWER', dialString: 'rep1' },
  ],
  [
    'Dial starting (empty status, no caller)',
    { type: 'Dial', ...base, dialstatus: '', peer: rawChannel },
    { type: 'Dial', ...base, peer: channel, dialStatus: '' },
  ],
  [
    'EndpointStateChange',
    { type: 'EndpointStateChange', ...base, endpoint: { technology: 'PJSIP', resource: 'rep1', state: 'online', channel_ids: [] } },
    { type: 'EndpointStateChange', ...base, endpoint: { technology: 'PJSIP', resource: 'rep1', state: 'online', channelIds: [] } },
  ],
  [
    'DeviceStateChanged',
    { type: 'DeviceStateChanged', ...base, device_state: { name: 'PJSIP/rep1', state: 'INUSE' } },
    { type: 'DeviceStateChanged', ...base, deviceState: { name: 'PJSIP/rep1', state: 'INUSE' } },
  ],
  ['ApplicationReplaced', { type: 'ApplicationReplaced', ...base }, { type: 'ApplicationReplaced', ...base }],
];

describe('translateAriEvent', () => {
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(translateAriEvent(raw)).toEqual(expected);
  });

  const passThrough: Array<[string, unknown, string]> = [
    ['unknown type', { type: 'ChannelVarset', ...base, variable: 'X', value: '1' }, 'ChannelVarset'],
    ['known type missing its channel', { type: 'StasisStart', ...base, args: [] }, 'StasisStart'],
    ['Dial without peer', { type: 'Dial', ...base, dialstatus: 'BUSY' }, 'Dial'],
    ['no type at all', { foo: 1 }, ''],
    ['not an object', 'garbage', ''],
    ['null', null, ''],
    ['array', [1, 2], ''],
  ];

  it.each(passThrough)('%s passes through as Other', (_name, raw, rawType) => {
    expect(translateAriEvent(raw)).toEqual({ type: 'Other', rawType, raw });
  });

  it('degrades malformed fields to empty values instead of throwing', () => {
    const event = translateAriEvent({ type: 'ChannelDtmfReceived', digit: 5, duration_ms: 'long', channel: { id: 7, caller: 'x' } });
    expect(event).toMatchObject({ type: 'ChannelDtmfReceived', digit: '', durationMs: 0, channel: { id: '', callerNumber: '' } });
  });
});

describe('which event types the app asks Asterisk for', () => {
  const quiet = pino({ level: 'silent' });

  it('only the modelled types someone listens to, and always ApplicationReplaced', () => {
    expect([...eventFilterFor(['StasisStart', 'StasisEnd', 'connected', 'ChannelVarset'])].sort()).toEqual(['ApplicationReplaced', 'StasisEnd', 'StasisStart']);
    expect(eventFilterFor(null)).toBe(MODELLED_EVENT_TYPES);
  });

  it('the bus reports a new type once, and everything once anyone listens to everything', () => {
    const bus = new AriEventBus(quiet);
    let changes = 0;
    bus.onWantedTypesChanged(() => (changes += 1));
    const off = bus.on('StasisStart', () => undefined);
    bus.on('StasisStart', () => undefined);
    bus.on('ChannelDestroyed', () => undefined);
    expect(changes).toBe(2);
    off();
    expect(bus.wantedTypes()?.sort()).toEqual(['ChannelDestroyed', 'StasisStart']);
    bus.onAny(() => undefined);
    expect(changes).toBe(3);
    expect(bus.wantedTypes()).toBeNull();
  });
});
