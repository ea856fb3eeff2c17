import { Module } from '@nestjs/common';
import { CrmModule } from '../crm/crm.module';
import { RoutingModule } from '../routing/routing.module';
import { CallsModule } from '../calls/calls.module';
import { ClickToCallService } from './click-to-call.service';
import { OutboundController } from './outbound.controller';

@Module({ imports: [CrmModule, CallsModule, RoutingModule], controllers: [OutboundController], providers: [ClickToCallService] })
export class OutboundModule {}
