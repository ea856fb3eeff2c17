import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DistributionService, MaintenanceSummary } from './distribution.service';

export const CRM_MAINTENANCE_QUEUE = 'crm-maintenance';
/** Deterministic scheduler id: every instance upserts the same one, so there is one job a minute. */
export const CRM_MAINTENANCE_SCHEDULER = 'crm-maintenance:every-60s';
const EVERY_MS = 60_000;

/** Registers the repeatable job at boot; re-registering with the same id changes nothing. */
@Injectable()
export class CrmMaintenanceScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(CRM_MAINTENANCE_QUEUE) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(CRM_MAINTENANCE_SCHEDULER, { every: EVERY_MS }, { name: 'run', opts: { removeOnComplete: 50, removeOnFail: 100 } });
  }
}

/** Runs redistribution and assignment; each step re-reads state and skips what moved on. */
@Processor(CRM_MAINTENANCE_QUEUE, { concurrency: 1 })
export class CrmMaintenanceProcessor extends WorkerHost {
  constructor(private readonly distribution: DistributionService) {
    super();
  }

  process(_job: Job): Promise<MaintenanceSummary> {
    return this.distribution.runMaintenance(new Date());
  }
}
