import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { CreateRepDto, CreateTeamDto, CreateUserDto, RepListQuery, UpdateRepDto, UpdateUserDto } from './dto/org.dto';
import { OrgService } from './org.service';

@ApiTags('org')
@ApiBearerAuth()
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Post('teams')
  @Roles('admin')
  createTeam(@CurrentPrincipal() actor: Principal, @Body() body: CreateTeamDto) {
    return this.org.createTeam(actor, body);
  }

  @Get('teams')
  @Roles('admin', 'supervisor', 'trainer')
  listTeams(@CurrentPrincipal() actor: Principal) {
    return this.org.listTeams(actor);
  }

  @Post('users')
  @Roles('admin')
  createUser(@CurrentPrincipal() actor: Principal, @Body() body: CreateUserDto) {
    return this.org.createUser(actor, body);
  }

  @Patch('users/:id')
  @Roles('admin')
  updateUser(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserDto) {
    return this.org.updateUser(actor, id, body);
  }

  @Post('reps')
  @Roles('admin', 'supervisor')
  createRep(@CurrentPrincipal() actor: Principal, @Body() body: CreateRepDto) {
    return this.org.createRep(actor, body);
  }

  @Get('reps')
  listReps(@CurrentPrincipal() actor: Principal, @Query() query: RepListQuery) {
    return this.org.listReps(actor, query);
  }

  @Get('reps/:id')
  getRep(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.org.getRep(actor, id);
  }

  @Post('reps/:id/sip-credentials')
  @Roles('admin', 'supervisor')
  rotateSipCredentials(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.org.rotateSipCredentials(actor, id);
  }

  @Get('reps/:id/registration')
  registration(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.org.registration(actor, id);
  }

  @Patch('reps/:id')
  @Roles('admin', 'supervisor')
  updateRep(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateRepDto) {
    return this.org.updateRep(actor, id, body);
  }
}
