import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { DashboardPageController } from './dashboard-page.controller';
import { LiveStatsService } from './live-stats.service';
import { StatsBus } from './stats-bus';
import { StatsFeedService } from './stats-feed.service';
import { StatsReportsService } from './stats-reports.service';
import { StatsController } from './stats.controller';
import { StatsGateway } from './stats.gateway';
import { SupervisionController } from './supervision/supervision.controller';
import { SupervisionService } from './supervision/supervision.service';

@Module({
  imports: [RoutingModule],
  controllers: [StatsController, SupervisionController, DashboardPageController],
  providers: [StatsBus, LiveStatsService, StatsFeedService, StatsGateway, StatsReportsService, SupervisionService],
  exports: [LiveStatsService],
})
export class StatsModule {}
