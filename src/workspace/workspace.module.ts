import { Module } from '@nestjs/common';
import { CrmModule } from '../crm/crm.module';
import { OrgModule } from '../org/org.module';
import { RoutingModule } from '../routing/routing.module';
import { CrmEventsController } from './crm-events.controller';
import { CrmSignatureGuard } from './crm-signature.guard';
import { JsSipBundle } from './jssip-bundle';
import { MyWorkService } from './my-work.service';
import { ProposalEventsService } from './proposal-events.service';
import { ScreenPopService } from './screen-pop.service';
import { WorkspacePageController } from './workspace-page.controller';
import { WorkspaceController } from './workspace.controller';
import { WorkspaceService } from './workspace.service';
import { WrapUpService } from './wrap-up.service';
import { CallsModule } from '../calls/calls.module';

/** The reps' workspace: the page with its browser softphone, the screen pop, wrap-up, my work, and the CRM's call-now events. */
@Module({
  imports: [RoutingModule, OrgModule, CrmModule, CallsModule],
  controllers: [WorkspaceController, WorkspacePageController, CrmEventsController],
  providers: [JsSipBundle, ScreenPopService, WorkspaceService, WrapUpService, MyWorkService, ProposalEventsService, CrmSignatureGuard],
})
export class WorkspaceModule {}
