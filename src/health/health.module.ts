import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { CallsModule } from '../calls/calls.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [CallsModule, RoutingModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
