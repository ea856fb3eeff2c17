import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ClientsService } from './clients.service';
import { DealsService } from './deals.service';
import { ClientListQuery, CreateClientDto, CreateDealDto, DealListQuery, TaskListQuery, UpdateClientDto, UpdateDealDto, UpdateTaskDto } from './dto/crm.dto';
import { NextCallService } from './next-call.service';
import { PipelineStagesService } from './pipeline-stages.service';
import { TasksService } from './tasks.service';
import { ClientDto, DealDto, DealWithStageDto, NextCallDto, PipelineStageDto, TaskDto } from './dto/crm.responses';
import { ApiErrorResponses } from '../common/openapi/error-responses';

/** HTTP edge of the CRM: validates (DTOs, ParseUUIDPipe) and delegates; scoping lives in the services. */
@ApiTags('crm')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller()
export class CrmController {
  constructor(
    private readonly stages: PipelineStagesService,
    private readonly clients: ClientsService,
    private readonly deals: DealsService,
    private readonly tasks: TasksService,
    private readonly nextCalls: NextCallService,
  ) {}

  @Get('pipeline-stages')
  @ApiOkResponse({ type: [PipelineStageDto] })
  listStages() {
    return this.stages.list();
  }

  @Post('clients')
  @ApiCreatedResponse({ type: ClientDto })
  @Roles('admin', 'supervisor')
  createClient(@CurrentPrincipal() actor: Principal, @Body() body: CreateClientDto) {
    return this.clients.create(actor, body);
  }

  @Get('clients')
  @ApiOkResponse({ type: [ClientDto] })
  listClients(@CurrentPrincipal() actor: Principal, @Query() query: ClientListQuery) {
    return this.clients.list(actor, query);
  }

  @Get('clients/:id')
  @ApiOkResponse({ type: ClientDto })
  getClient(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.clients.get(actor, id);
  }

  @Patch('clients/:id')
  @ApiOkResponse({ type: ClientDto })
  @Roles('admin', 'supervisor', 'rep')
  updateClient(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateClientDto) {
    return this.clients.update(actor, id, body);
  }

  @Get('deals')
  @ApiOkResponse({ type: [DealDto] })
  listDeals(@CurrentPrincipal() actor: Principal, @Query() query: DealListQuery) {
    return this.deals.list(actor, query);
  }

  @Get('deals/:id')
  @ApiOkResponse({ type: DealWithStageDto })
  getDeal(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.deals.get(actor, id);
  }

  @Post('deals')
  @ApiCreatedResponse({ type: DealWithStageDto })
  @Roles('admin', 'supervisor', 'rep')
  createDeal(@CurrentPrincipal() actor: Principal, @Body() body: CreateDealDto) {
    return this.deals.create(actor, body);
  }

  @Patch('deals/:id')
  @ApiOkResponse({ type: DealWithStageDto })
  @Roles('admin', 'supervisor', 'rep')
  updateDeal(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateDealDto) {
    return this.deals.update(actor, id, body);
  }

  @Get('tasks')
  @ApiOkResponse({ type: [TaskDto] })
  listTasks(@CurrentPrincipal() actor: Principal, @Query() query: TaskListQuery) {
    return this.tasks.list(actor, query, new Date());
  }

  @Patch('tasks/:id')
  @ApiOkResponse({ type: TaskDto })
  @Roles('admin', 'supervisor', 'rep')
  updateTask(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateTaskDto) {
    return this.tasks.complete(actor, id, body, new Date());
  }

  @Get('reps/me/next-call')
  @ApiOkResponse({ type: NextCallDto, description: '404 NOT_FOUND (reason NO_WORK) when there is nobody to call' })
  @Roles('rep')
  nextCall(@CurrentPrincipal() actor: Principal) {
    return this.nextCalls.nextCallFor(actor, new Date());
  }
}
