import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { CRM_MAINTENANCE_QUEUE } from '../../src/crm/crm-maintenance.queue';
import { expectEventually } from '../support/eventually';
import { TestApp } from '../support/test-app';

/**
 * Queue settings for a suite that fingerprints the database around refused writes: a queue prefix
 * of its own, so pausing its CRM maintenance (which reassigns tasks and cools clients on its own
 * every minute) touches no other suite's queue.
 */
export const quietQueueEnv = (suite: string): Record<string, string> => ({ QUEUE_PREFIX: `salescall-${suite}-${process.pid}` });

/** Pauses the app's CRM maintenance and waits for a running job to finish: a change seen afterwards was made by a request. */
export async function pauseMaintenance(testApp: TestApp): Promise<void> {
  const maintenance = testApp.app.get<Queue>(getQueueToken(CRM_MAINTENANCE_QUEUE));
  await maintenance.pause();
  await expectEventually(async () => expect(await maintenance.getActiveCount()).toBe(0), 30_000);
}
