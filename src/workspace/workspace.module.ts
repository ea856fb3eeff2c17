import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { RoutingModule } from '../routing/routing.module';
import { JsSipBundle } from './jssip-bundle';
import { ScreenPopService } from './screen-pop.service';
import { WorkspacePageController } from './workspace-page.controller';
import { WorkspaceController } from './workspace.controller';
import { WorkspaceService } from './workspace.service';

/** The reps' workspace: the page with its browser softphone, and the screen pop behind it. */
@Module({
  imports: [RoutingModule, OrgModule],
  controllers: [WorkspaceController, WorkspacePageController],
  providers: [JsSipBundle, ScreenPopService, WorkspaceService],
})
export class WorkspaceModule {}
