import { CampaignStatus } from './campaign.entity';
import type { CampaignAction } from './dto/campaign.dto';

const MOVES: Record<CampaignAction, { from: CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  stop: { from: ['draft', 'running', 'paused'], to: 'stopped' },
  complete: { from: ['running', 'paused'], to: 'completed' },
};

/** Pure: draft → running ⇄ paused → completed | stopped. Completed and stopped are final. */
export function campaignTransition(status: CampaignStatus, action: CampaignAction): { ok: true; to: CampaignStatus } | { ok: false; message: string } {
  const move = MOVES[action];
  if (!move.from.includes(status)) return { ok: false, message: `cannot ${action} a ${status} campaign (allowed from: ${move.from.join(', ')})` };
  return { ok: true, to: move.to };
}

export function acceptsSettingsChange(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'running' || status === 'paused';
}
