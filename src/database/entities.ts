import { AuditEntry } from '../audit/audit-entry.entity';
import { CallEvent } from '../calls/call-event.entity';
import { Call } from '../calls/call.entity';
import { ClientPhone } from '../crm/client-phone.entity';
import { Client } from '../crm/client.entity';
import { DealStageChange } from '../crm/deal-stage-change.entity';
import { Deal } from '../crm/deal.entity';
import { PipelineStage } from '../crm/pipeline-stage.entity';
import { Task } from '../crm/task.entity';
import { CampaignAttempt } from '../dialer/campaign-attempt.entity';
import { CampaignTarget } from '../dialer/campaign-target.entity';
import { Campaign } from '../dialer/campaign.entity';
import { NpsResponse } from '../dialer/nps-response.entity';
import { Rep } from '../org/rep.entity';
import { Team } from '../org/team.entity';
import { User } from '../org/user.entity';
import { RecordingComment, RecordingScore, ScorecardTemplate } from '../recordings/recording-review.entities';
import { Recording } from '../recordings/recording.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';

export const ENTITIES = [
  Team,
  User,
  Rep,
  PipelineStage,
  Client,
  ClientPhone,
  Deal,
  DealStageChange,
  Call,
  CallEvent,
  Recording,
  RecordingComment,
  ScorecardTemplate,
  RecordingScore,
  Task,
  Campaign,
  CampaignTarget,
  CampaignAttempt,
  NpsResponse,
  AuditEntry,
  WebhookDelivery,
];
