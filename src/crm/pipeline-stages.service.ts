import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { planStageSync, StoredStage } from './crm.policy';
import { PipelineStage } from './pipeline-stage.entity';

export interface StageView extends StoredStage {
  /** False for a stage removed from config but kept because deals still reference it. */
  active: boolean;
}

/** Serialises the boot-time sync when several instances start at once. */
const SYNC_LOCK_KEY = 'crm.pipeline_stages.sync';

@Injectable()
export class PipelineStagesService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
  }

  /** Makes pipeline_stages match rules.pipelineStages (see planStageSync for the rules). */
  async sync(): Promise<void> {
    const configured = this.config.rules.pipelineStages;
    const plan = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SYNC_LOCK_KEY]);
      const stored = await manager.find(PipelineStage);
      const referenced = await manager.query<Array<{ id: string }>>(
        `SELECT stage_id AS id FROM deals UNION SELECT from_stage_id FROM deal_stage_changes WHERE from_stage_id IS NOT NULL UNION SELECT to_stage_id FROM deal_stage_changes WHERE to_stage_id IS NOT NULL`,
      );
      const next = planStageSync(stored, configured, new Set(referenced.map((row) => row.id)));
      if (next.delete.length > 0) await manager.delete(PipelineStage, next.delete);
      // uq_pipeline_stages_position is deferred, so positions may swap freely inside this transaction.
      for (const update of next.update) await manager.update(PipelineStage, { id: update.id }, { name: update.name, position: update.position });
      if (next.insert.length > 0) await manager.insert(PipelineStage, next.insert);
      return next;
    });
    if (plan.insert.length + plan.update.length + plan.delete.length > 0) {
      this.logger.info({ inserted: plan.insert.length, updated: plan.update.length, deleted: plan.delete.length }, 'pipeline stages synced from config');
    }
  }

  async list(): Promise<StageView[]> {
    const keys = new Set(this.config.rules.pipelineStages.map((stage) => stage.key));
    const stages = await this.dataSource.getRepository(PipelineStage).find({ order: { position: 'ASC' } });
    return stages.map((stage) => ({ ...stage, active: keys.has(stage.key) }));
  }

  async firstStage(): Promise<PipelineStage> {
    const first = this.config.rules.pipelineStages[0];
    const stage = await this.dataSource.getRepository(PipelineStage).findOne({ where: { key: first.key } });
    if (!stage) throw new DomainError('INTERNAL', `Pipeline stage ${first.key} is missing; the boot-time sync did not run`);
    return stage;
  }

  /** A stage deals may move into: one of the configured stages, by id or key. */
  async requireActive(ref: { stageId?: string; stageKey?: string }): Promise<PipelineStage> {
    const repository = this.dataSource.getRepository(PipelineStage);
    const stage = ref.stageId ? await repository.findOne({ where: { id: ref.stageId } }) : await repository.findOne({ where: { key: ref.stageKey ?? '' } });
    const active = stage && this.config.rules.pipelineStages.some((definition) => definition.key === stage.key);
    if (!stage || !active) throw new DomainError('VALIDATION_FAILED', `Unknown or retired pipeline stage ${ref.stageId ?? ref.stageKey}`, { stage: ref.stageId ?? ref.stageKey });
    return stage;
  }
}
