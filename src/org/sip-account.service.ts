import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AriClient } from '../telephony/ari/ari.client';
import { AriEndpoint } from '../telephony/ari/ari-resources';
import { Rep } from './rep.entity';

export interface SipCredentials {
  username: string;
  password: string;
  domain: string;
  port: number;
  transport: 'udp';
  /** False when Asterisk was unreachable: the account is pushed as soon as ARI reconnects. */
  provisioned: boolean;
}

const PJSIP = 'res_pjsip';

/**
 * Reps' SIP accounts live in Asterisk's memory (ARI push configuration), so they are pushed
 * again on every (re)connect: an Asterisk restart loses them. Only the digest HA1 is stored.
 */
@Injectable()
export class SipAccountService implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    @InjectRepository(Rep) private readonly reps: Repository<Rep>,
    private readonly ari: AriClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'sip-accounts' });
  }

  onApplicationBootstrap(): void {
    this.ari.events.on('connected', () => {
      this.provisionAll().catch((error: unknown) => this.logger.error({ err: error }, 'SIP account provisioning failed'));
    });
  }

  /** A new strong password: shown once to whoever created it, then only its HA1 remains. */
  async issueCredentials(rep: Rep): Promise<SipCredentials> {
    const password = randomBytes(18).toString('base64url');
    const ha1 = digestHa1(rep.sipEndpoint, this.config.sip.realm, password);
    await this.reps.update({ id: rep.id }, { sipHa1: ha1 });
    let provisioned = true;
    try {
      await this.push({ ...rep, sipHa1: ha1 });
    } catch (error) {
      provisioned = false;
      this.logger.warn({ repId: rep.id, err: error }, 'SIP account not pushed yet; will be on the next ARI connect');
    }
    return { username: rep.sipEndpoint, password, domain: this.config.sip.publicHost, port: this.config.sip.publicPort, transport: 'udp', provisioned };
  }

  async push(rep: Pick<Rep, 'sipEndpoint' | 'sipHa1' | 'sipStaticContact'>): Promise<void> {
    if (!rep.sipHa1) return;
    const id = rep.sipEndpoint;
    // A PUT on an existing AOR adds its contact to the old ones: replace a static contact cleanly.
    if (rep.sipStaticContact) await this.deleteQuietly('aor', id);
    await this.ari.pushDynamicConfig(PJSIP, 'aor', id, aorFields(rep.sipStaticContact));
    await this.ari.pushDynamicConfig(PJSIP, 'auth', id, { auth_type: 'md5', username: id, realm: this.config.sip.realm, md5_cred: rep.sipHa1 });
    await this.ari.pushDynamicConfig(PJSIP, 'endpoint', id, endpointFields(id));
  }

  async pushStored(repId: string): Promise<void> {
    const rep = await this.reps.findOne({ where: { id: repId }, select: { id: true, sipEndpoint: true, sipHa1: true, sipStaticContact: true } });
    if (rep) await this.push(rep);
  }

  async endpointState(endpoint: string): Promise<AriEndpoint | null> {
    try {
      return await this.ari.endpointState('PJSIP', endpoint);
    } catch (error) {
      if ((error as { isNotFound?: boolean }).isNotFound) return null;
      throw error;
    }
  }

  async remove(rep: Pick<Rep, 'sipEndpoint'>): Promise<void> {
    for (const type of ['endpoint', 'auth', 'aor']) await this.deleteQuietly(type, rep.sipEndpoint);
  }

  private async deleteQuietly(type: string, id: string): Promise<void> {
    await this.ari.deleteDynamicConfig(PJSIP, type, id).catch((error: unknown) => {
      if ((error as { isNotFound?: boolean }).isNotFound) return;
      throw error;
    });
  }

  async provisionAll(): Promise<number> {
    const reps = await this.reps.find({ where: { enabled: true }, select: { id: true, sipEndpoint: true, sipHa1: true, sipStaticContact: true } });
    let pushed = 0;
    for (const rep of reps) {
      if (!rep.sipHa1) continue;
      await this.push(rep);
      pushed += 1;
    }
    this.logger.info({ pushed }, 'rep SIP accounts pushed to Asterisk');
    return pushed;
  }
}

export function digestHa1(username: string, realm: string, password: string): string {
  return createHash('md5').update(`${username}:${realm}:${password}`).digest('hex');
}

function aorFields(staticContact: string | null): Record<string, string> {
  // A registering softphone replaces its previous binding; a static contact is never qualified
  // (a desk phone behind a PBX may not answer OPTIONS) and counts as reachable.
  if (staticContact) return { contact: staticContact, max_contacts: '1', qualify_frequency: '0' };
  return { max_contacts: '1', remove_existing: 'yes', qualify_frequency: '30', maximum_expiration: '3600', default_expiration: '300' };
}

function endpointFields(id: string): Record<string, string> {
  return {
    aors: id,
    auth: id,
    context: 'from-reps',
    disallow: 'all',
    allow: 'alaw,ulaw',
    direct_media: 'no',
    dtmf_mode: 'rfc4733',
    rtp_symmetric: 'yes',
    force_rport: 'yes',
    rewrite_contact: 'yes',
    send_pai: 'yes',
    // Every rep leg is originated with the identity the phone should show (the caller, or
    // "Call +49..." for click-to-call). A connected-line update on bridging would only repeat it
    // as a mid-call re-INVITE: one more SIP transaction per call, and a phone that ignores it
    // keeps the session (and its RTP ports) alive for 32 s of retransmissions.
    send_connected_line: 'no',
  };
}
