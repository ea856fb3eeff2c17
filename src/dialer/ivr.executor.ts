import { randomUUID } from 'node:crypto';
import { CallJournalService } from '../calls/call-journal.service';
import { AppLogger } from '../common/logging/logger';
import { InboundRouterService } from '../routing/inbound-router.service';
import { AriClient } from '../telephony/ari/ari.client';
import { CampaignSettings, PromptKind } from './campaign.entity';
import { AttemptOutcome } from './dial.policy';
import { initialIvrState, IvrCommand, IvrEvent, IvrState, ivrTransition } from './ivr.machine';
import { NpsResponsesService } from './nps-responses.service';

/** One dialer call: what it is for and how far it got. */
export interface DialerSession {
  channelId: string;
  callId: string;
  /** Its member in the concurrency set. */
  member: string;
  log: AppLogger;
  target: { id: string; clientId: string; dealId: string | null; phone: string; ownerRepId: string | null };
  campaign: { id: string; name: string; teamId: string | null; trigger: string; settings: CampaignSettings };
  attemptNo: number;
  startedAt: Date;
  answeredAt: Date | null;
  amdStatus: string | null;
  outcome: AttemptOutcome | null;
  handedOver: boolean;
  finished: boolean;
  lastDtmf: string | null;
  executor: IvrExecutor;
}

/**
 * The one place the survey touches ARI, the database and the router: it feeds events to the pure
 * `ivrTransition` and runs the commands it returns, in order, per call.
 */
export class IvrExecutor {
  private state: IvrState;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private readonly playbacks = new Map<string, PromptKind>();

  constructor(
    private readonly session: DialerSession,
    private readonly ari: AriClient,
    private readonly router: InboundRouterService,
    private readonly nps: NpsResponsesService,
    private readonly journal: CallJournalService,
  ) {
    const { noInputMs, interDigitMs, menuWaitMs } = session.campaign.settings;
    this.state = initialIvrState({ noInputMs, interDigitMs, menuWaitMs });
  }

  feed(event: IvrEvent): void {
    const step = ivrTransition(this.state, event, new Date());
    this.state = step.state;
    if (step.commands.length === 0) return;
    const commands = step.commands;
    this.chain = this.chain.then(() => this.runAll(commands)).catch((error: unknown) => this.session.log.warn({ err: error }, 'IVR command failed'));
  }

  /** True when the playback was ours (the event is then consumed). */
  onPlaybackFinished(playbackId: string): boolean {
    const prompt = this.playbacks.get(playbackId);
    if (!prompt) return false;
    this.playbacks.delete(playbackId);
    this.feed({ type: 'prompt-finished', prompt });
    return true;
  }

  outcome(): AttemptOutcome {
    if (this.state.choice === 'transfer') return 'transferred';
    return this.state.result === 'scored' ? 'responded' : 'answered';
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async runAll(commands: IvrCommand[]): Promise<void> {
    for (const command of commands) await this.run(command);
  }

  private async run(command: IvrCommand): Promise<void> {
    const { session } = this;
    switch (command.type) {
      case 'play': {
        const prompts = session.campaign.settings.prompts;
        const media = [...prompts[command.prompt], ...(command.extra ?? []), ...(command.then ?? []).flatMap((kind) => prompts[kind])];
        const playbackId = randomUUID();
        this.playbacks.set(playbackId, command.prompt);
        await this.ari.play(session.channelId, media, playbackId);
        return;
      }
      case 'stop-playback':
        for (const id of [...this.playbacks.keys()]) {
          this.playbacks.delete(id);
          await this.ari.stopPlayback(id).catch(() => undefined);
        }
        return;
      case 'start-timer':
        this.dispose();
        this.timer = setTimeout(() => this.feed({ type: 'timeout', token: command.token }), command.ms);
        this.timer.unref();
        return;
      case 'cancel-timer':
        this.dispose();
        return;
      case 'record-score':
        session.log.info({ score: command.score }, 'NPS score keyed in');
        this.journal.enqueue(session.callId, () => this.journal.event(session.callId, 'dialer.score', command.at, { score: command.score }, 'score'));
        await this.nps.record({ campaignId: session.campaign.id, teamId: session.campaign.teamId, targetId: session.target.id, clientId: session.target.clientId, dealId: session.target.dealId, callId: session.callId, score: command.score, at: command.at });
        return;
      case 'transfer':
        // From here the router owns the channel and completes the same call row.
        session.handedOver = true;
        this.dispose();
        this.journal.enqueue(session.callId, () => this.journal.event(session.callId, 'dialer.transfer', command.at, { ownerRepId: session.target.ownerRepId }, 'transfer'));
        await this.router.handOver({ channelId: session.channelId, callId: session.callId, callerE164: session.target.phone, clientId: session.target.clientId, ownerRepId: session.target.ownerRepId, dealId: session.target.dealId, campaignId: session.campaign.id });
        return;
      case 'do-not-call':
        this.journal.enqueue(session.callId, () => this.journal.event(session.callId, 'dialer.do-not-call', command.at, {}, 'do-not-call'));
        await this.nps.markDoNotCall(session.target.clientId, session.campaign.name, command.at);
        return;
      case 'hangup':
        await this.ari.hangup(session.channelId).catch(() => undefined);
        return;
    }
  }
}
