import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { DomainEventsModule } from './common/events/domain-events';
import { LoggingModule } from './common/logging/logging.module';
import { ProcessFaultsModule } from './common/process/process-faults';
import { ConfigModule } from './config/config.module';
import { CrmModule } from './crm/crm.module';
import { DatabaseModule } from './database/database.module';
import { DialerModule } from './dialer/dialer.module';
import { HealthModule } from './health/health.module';
import { LiveModule } from './live/live.module';
import { OrgModule } from './org/org.module';
import { RecordingsModule } from './recordings/recordings.module';
import { StatsModule } from './stats/stats.module';
import { QueueModule } from './queue/queue.module';
import { OutboundModule } from './outbound/outbound.module';
import { RoutingModule } from './routing/routing.module';
import { StorageModule } from './storage/storage.module';
import { AriClient } from './telephony/ari/ari.client';
import { TelephonyModule } from './telephony/telephony.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkspaceModule } from './workspace/workspace.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    ProcessFaultsModule,
    DomainEventsModule,
    DatabaseModule,
    QueueModule,
    StorageModule,
    TelephonyModule,
    AuditModule,
    AuthModule,
    HealthModule,
    OrgModule,
    CrmModule,
    RoutingModule,
    DialerModule,
    OutboundModule,
    LiveModule,
    WebhooksModule,
    RecordingsModule,
    StatsModule,
    WorkspaceModule,
  ],
})
export class AppModule implements OnApplicationBootstrap {
  constructor(private readonly ari: AriClient) {}

  /**
   * Nest runs the root module's bootstrap hooks after every other module's: by now each feature
   * listens to ARI and the roster knows its reps and their phones, so the Stasis app is
   * registered (and the first call accepted) only when routing is ready for it.
   */
  onApplicationBootstrap(): void {
    this.ari.connect();
  }
}
