import { Module } from '@nestjs/common';
import { OrgController } from './org.controller';
import { OrgService } from './org.service';
import { SipAccountService } from './sip-account.service';

@Module({ controllers: [OrgController], providers: [OrgService, SipAccountService], exports: [OrgService, SipAccountService] })
export class OrgModule {}
