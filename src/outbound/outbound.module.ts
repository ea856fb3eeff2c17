import { Module } from '@nestjs/common';
import { CrmModule } from '../crm/crm.module';
import { RoutingModule } from '../routing/routing.module';
import { ClickToCallService } from './click-to-call.service';
import { OutboundController } from './outbound.controller';

@Module({ imports: [CrmModule, RoutingModule], controllers: [OutboundController], providers: [ClickToCallService] })
export class OutboundModule {}
