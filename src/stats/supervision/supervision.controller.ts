import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { StartSupervisionDto } from './supervision.dto';
import { SupervisionService } from './supervision.service';
import { SupervisionSessionDto } from './supervision.responses';
import { ApiErrorResponses } from '../../common/openapi/error-responses';

@ApiTags('supervision')
@ApiErrorResponses()
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('supervision/sessions')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Post()
  @ApiCreatedResponse({ type: SupervisionSessionDto })
  start(@CurrentPrincipal() actor: Principal, @Body() body: StartSupervisionDto) {
    return this.supervision.start(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: [SupervisionSessionDto] })
  list(@CurrentPrincipal() actor: Principal) {
    return this.supervision.list(actor);
  }

  @Delete(':id')
  @HttpCode(204)
  async stop(@CurrentPrincipal() actor: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.supervision.stop(actor, id);
  }
}
