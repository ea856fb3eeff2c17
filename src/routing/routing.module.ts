import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { CrmModule } from '../crm/crm.module';
import { CallFollowUpService } from './call-follow-up.service';
import { CallHoldService } from './call-hold.service';
import { CallerDirectory } from './caller-directory.service';
import { CallerLookup } from './caller-lookup';
import { CallReconcilerService } from './call-reconciler.service';
import { CallRegistry } from './call-registry';
import { ColdBootRecoveryService } from './cold-boot-recovery.service';
import { FallbackRingGroupService } from './fallback-ring-group.service';
import { InboundCallRecords } from './inbound-call-records';
import { InboundRouterService } from './inbound-router.service';
import { PresenceService } from './presence.service';
import { RepRosterService } from './rep-roster.service';
import { RoutingLifecycleService } from './routing-lifecycle.service';
import { RoutingMetrics } from './routing-metrics';
import { RoutingController } from './routing.controller';
import { EscalationController } from './escalation.controller';
import { EscalationRecords } from './escalation-records';
import { EscalationService } from './escalation.service';

@Module({
  imports: [CrmModule, CallsModule],
  controllers: [RoutingController, EscalationController],
  providers: [CallerLookup, CallerDirectory, CallRegistry, RepRosterService, CallFollowUpService, InboundCallRecords, InboundRouterService, CallReconcilerService, ColdBootRecoveryService, PresenceService, RoutingMetrics, RoutingLifecycleService, FallbackRingGroupService, CallHoldService, EscalationRecords, EscalationService],
  exports: [CallerDirectory, RepRosterService, CallFollowUpService, InboundRouterService, CallRegistry, RoutingMetrics],
})
export class RoutingModule {}
