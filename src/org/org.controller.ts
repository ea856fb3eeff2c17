import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { CreateRepDto, CreateTeamDto, CreateUserDto, RepListQuery, UpdateRepDto, UpdateUserDto } from './dto/org.dto';
import { OrgService } from './org.service';
import { CreatedRepDto, RepDto, RepRegistrationDto, SipCredentialsDto, TeamDto, UserDto } from './dto/org.responses';
import { ApiErrorResponses } from '../common/openapi/error-responses';

@ApiTags('org')
@ApiErrorResponses()
@ApiBearerAuth()
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Post('teams')
  @ApiCreatedResponse({ type: TeamDto })
  @Roles('admin')
  createTeam(@CurrentPrincipal() actor: Principal, @Body() body: CreateTeamDto) {
    return this.org.createTeam(actor, body);
  }

  @Get('teams')
  @ApiOkResponse({ type: [TeamDto] })
  @Roles('admin', 'supervisor', 'trainer')
  listTeams(@CurrentPrincipal() actor: Principal) {
    return this.org.listTeams(actor);
  }

  @Post('users')
  @ApiCreatedResponse({ type: UserDto })
  @Roles('admin')
  createUser(@CurrentPrincipal() actor: Principal, @Body() body: CreateUserDto) {
    return this.org.createUser(actor, body);
  }

  @Patch('users/:id')
  @ApiOkResponse({ type: UserDto })
  @Roles('admin')
  updateUser(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserDto) {
    return this.org.updateUser(actor, id, body);
  }

  @Post('reps')
  @ApiCreatedResponse({ type: CreatedRepDto, description: 'The new rep with their SIP credentials (the password is shown only here)' })
  @Roles('admin', 'supervisor')
  createRep(@CurrentPrincipal() actor: Principal, @Body() body: CreateRepDto) {
    return this.org.createRep(actor, body);
  }

  @Get('reps')
  @ApiOkResponse({ type: [RepDto] })
  listReps(@CurrentPrincipal() actor: Principal, @Query() query: RepListQuery) {
    return this.org.listReps(actor, query);
  }

  @Get('reps/:id')
  @ApiOkResponse({ type: RepDto })
  getRep(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.org.getRep(actor, id);
  }

  @Post('reps/:id/sip-credentials')
  @ApiCreatedResponse({ type: SipCredentialsDto })
  @Roles('admin', 'supervisor')
  rotateSipCredentials(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.org.rotateSipCredentials(actor, id);
  }

  @Get('reps/:id/registration')
  @ApiOkResponse({ type: RepRegistrationDto })
  registration(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.org.registration(actor, id);
  }

  @Patch('reps/:id')
  @ApiOkResponse({ type: RepDto })
  @Roles('admin', 'supervisor')
  updateRep(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateRepDto) {
    return this.org.updateRep(actor, id, body);
  }
}
