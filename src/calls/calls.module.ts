import { Module } from '@nestjs/common';
import { CallJournalService } from './call-journal.service';

/**
 * The record of every call: the call row and its timeline, written in order per call through the
 * journal (which survives a database outage). Routing, click-to-call, the dialer and recordings
 * hand it facts; none of them writes a call row itself.
 */
@Module({ providers: [CallJournalService], exports: [CallJournalService] })
export class CallsModule {}
