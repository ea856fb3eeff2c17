import { canSeeRep } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import type { PipelineStageDefinition } from '../config/app-config.schema';
import type { DealStatus } from './deal.entity';

/**
 * Pure CRM rules: who may see and change a client or deal, how a deal may move, and how the
 * configured pipeline maps onto the stored stages.
 */

export interface OwnerRef {
  id: string;
  teamId: string;
}

/**
 * A record owned by a rep is visible to that rep, to the rep's team supervisors/trainers and to
 * admins. An unowned record (a fresh lead) is in the shared pool: every supervisor, trainer and
 * admin sees it, no rep does.
 */
export function canSeeOwned(principal: Principal, owner: OwnerRef | null): boolean {
  if (owner === null) return principal.role !== 'rep';
  return canSeeRep(principal, owner);
}

/** Changing follows seeing, minus trainers: they coach, they do not edit the CRM. */
export function canChangeOwned(principal: Principal, owner: OwnerRef | null): boolean {
  return principal.role !== 'trainer' && canSeeOwned(principal, owner);
}

export interface DealState {
  status: DealStatus;
  stageId: string;
}

export interface DealChange {
  stageId?: string;
  status?: 'won' | 'lost';
  amount?: number;
  lostReason?: string;
}

export type DealTransition =
  | { ok: true; next: { status: DealStatus; stageId: string; amount?: number; lostReason?: string | null; closed: boolean }; recordsChange: boolean }
  | { ok: false; code: 'INVALID_STATE' | 'VALIDATION_FAILED'; message: string };

/**
 * Open deals move between stages or close as won (with its amount) or lost (with a reason).
 * Closed deals are final. A change that moves nothing is accepted but records no stage change.
 */
export function dealTransition(deal: DealState, change: DealChange): DealTransition {
  if (deal.status !== 'open') return { ok: false, code: 'INVALID_STATE', message: `Deal is already ${deal.status}` };
  if (change.status === 'won' && change.amount === undefined) return { ok: false, code: 'VALIDATION_FAILED', message: 'amount is required to mark a deal won' };
  if (change.status === 'lost' && !change.lostReason) return { ok: false, code: 'VALIDATION_FAILED', message: 'lostReason is required to mark a deal lost' };
  if (change.status !== 'lost' && change.lostReason !== undefined) return { ok: false, code: 'VALIDATION_FAILED', message: 'lostReason only goes with status lost' };
  const stageId = change.stageId ?? deal.stageId;
  const status: DealStatus = change.status ?? 'open';
  return {
    ok: true,
    next: { status, stageId, amount: change.amount, lostReason: status === 'lost' ? (change.lostReason ?? null) : undefined, closed: status !== 'open' },
    recordsChange: status !== deal.status || stageId !== deal.stageId,
  };
}

export interface StoredStage {
  id: string;
  key: string;
  name: string;
  position: number;
}

export interface StageSyncPlan {
  insert: Array<{ key: string; name: string; position: number }>;
  update: Array<{ id: string; name: string; position: number }>;
  delete: string[];
}

/**
 * Configured stages take positions 1..n in config order. Stored stages no longer configured are
 * deleted unless a deal (or its history) references them; those are kept after the configured
 * ones, in their old order, so old deals still read correctly.
 */
export function planStageSync(stored: readonly StoredStage[], configured: readonly PipelineStageDefinition[], referenced: ReadonlySet<string>): StageSyncPlan {
  const plan: StageSyncPlan = { insert: [], update: [], delete: [] };
  const byKey = new Map(stored.map((stage) => [stage.key, stage]));
  configured.forEach((definition, index) => {
    const existing = byKey.get(definition.key);
    const position = index + 1;
    if (!existing) plan.insert.push({ key: definition.key, name: definition.name, position });
    else if (existing.name !== definition.name || existing.position !== position) plan.update.push({ id: existing.id, name: definition.name, position });
  });
  const configuredKeys = new Set(configured.map((definition) => definition.key));
  let position = configured.length;
  for (const stage of [...stored].sort((a, b) => a.position - b.position)) {
    if (configuredKeys.has(stage.key)) continue;
    if (!referenced.has(stage.id)) {
      plan.delete.push(stage.id);
      continue;
    }
    position += 1;
    if (stage.position !== position) plan.update.push({ id: stage.id, name: stage.name, position });
  }
  return plan;
}
