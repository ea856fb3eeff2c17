export * from './ari.client';
export * from './ari-errors';
export * from './ari-events';
export * from './ari-event-bus';
export * from './ari-resources';
export type { AriConnectionState } from './ari-events.socket';
