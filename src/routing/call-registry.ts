import { Injectable } from '@nestjs/common';
import { InboundCall } from './inbound-call';

export type LegRole = 'client' | 'offer' | 'rep';

/** Live calls by call id and by every channel that belongs to them (the caller, a ringing rep, the connected rep). */
@Injectable()
export class CallRegistry {
  private readonly calls = new Map<string, InboundCall>();
  private readonly channels = new Map<string, { call: InboundCall; role: LegRole }>();

  add(call: InboundCall, role: LegRole, channelId: string): void {
    this.calls.set(call.callId, call);
    this.channels.set(channelId, { call, role });
  }

  index(call: InboundCall, role: LegRole, channelId: string): void {
    this.channels.set(channelId, { call, role });
  }

  reindex(channelId: string, role: LegRole): void {
    const entry = this.channels.get(channelId);
    if (entry) entry.role = role;
  }

  unindex(channelId: string): void {
    this.channels.delete(channelId);
  }

  remove(call: InboundCall): void {
    this.calls.delete(call.callId);
    for (const [channelId, entry] of this.channels) if (entry.call === call) this.channels.delete(channelId);
  }

  byId(callId: string): InboundCall | undefined {
    return this.calls.get(callId);
  }

  byChannel(channelId: string): { call: InboundCall; role: LegRole } | undefined {
    return this.channels.get(channelId);
  }

  all(): InboundCall[] {
    return [...this.calls.values()];
  }

  size(): number {
    return this.calls.size;
  }
}
