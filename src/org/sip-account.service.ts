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
import { deskAorFields, deskEndpointFields, webAorFields, webEndpointFields, webEndpointFor } from './sip-endpoints';

export interface SipCredentials {
  username: string;
  password: string;
  domain: string;
  port: number;
  transport: 'udp';
  /** False when Asterisk was unreachable: the account is pushed as soon as ARI reconnects. */
  provisioned: boolean;
}

/** What the /workspace page needs to register its browser softphone; the password is for this page session. */
export interface BrowserSipSession {
  webSocketUrl: string;
  uri: string;
  username: string;
  password: string;
  realm: string;
  provisioned: boolean;
}

type PushableRep = Pick<Rep, 'sipEndpoint' | 'sipHa1' | 'sipStaticContact'> & Partial<Pick<Rep, 'sipWebHa1'>>;
const PUSH_SELECT = { id: true, sipEndpoint: true, sipHa1: true, sipStaticContact: true, sipWebHa1: true } as const;

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

  /**
   * A fresh password for the rep's browser endpoint, every time the page asks: the previous page
   * session's password stops working, and the page never holds a secret in its source.
   */
  async issueBrowserSession(rep: Pick<Rep, 'id' | 'sipEndpoint'>): Promise<BrowserSipSession> {
    const username = webEndpointFor(rep.sipEndpoint);
    const password = randomBytes(18).toString('base64url');
    const ha1 = digestHa1(username, this.config.sip.realm, password);
    await this.reps.update({ id: rep.id }, { sipWebHa1: ha1 });
    let provisioned = true;
    try {
      await this.pushWeb(username, ha1);
    } catch (error) {
      provisioned = false;
      this.logger.warn({ repId: rep.id, err: error }, 'browser SIP account not pushed yet; will be on the next ARI connect');
    }
    const { realm, webSocketUrl, publicHost } = this.config.sip;
    return { webSocketUrl, uri: `sip:${username}@${publicHost}`, username, password, realm, provisioned };
  }

  async push(rep: PushableRep): Promise<void> {
    if (rep.sipWebHa1) await this.pushWeb(webEndpointFor(rep.sipEndpoint), rep.sipWebHa1);
    if (!rep.sipHa1) return;
    const id = rep.sipEndpoint;
    // A PUT on an existing AOR adds its contact to the old ones: replace a static contact cleanly.
    if (rep.sipStaticContact) await this.deleteQuietly('aor', id);
    await this.ari.pushDynamicConfig(PJSIP, 'aor', id, deskAorFields(rep.sipStaticContact));
    await this.ari.pushDynamicConfig(PJSIP, 'auth', id, { auth_type: 'md5', username: id, realm: this.config.sip.realm, md5_cred: rep.sipHa1 });
    await this.ari.pushDynamicConfig(PJSIP, 'endpoint', id, deskEndpointFields(id));
  }

  private async pushWeb(id: string, ha1: string): Promise<void> {
    await this.ari.pushDynamicConfig(PJSIP, 'aor', id, webAorFields());
    await this.ari.pushDynamicConfig(PJSIP, 'auth', id, { auth_type: 'md5', username: id, realm: this.config.sip.realm, md5_cred: ha1 });
    await this.ari.pushDynamicConfig(PJSIP, 'endpoint', id, webEndpointFields(id));
  }

  async pushStored(repId: string): Promise<void> {
    const rep = await this.reps.findOne({ where: { id: repId }, select: PUSH_SELECT });
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
    for (const id of [rep.sipEndpoint, webEndpointFor(rep.sipEndpoint)]) for (const type of ['endpoint', 'auth', 'aor']) await this.deleteQuietly(type, id);
  }

  private async deleteQuietly(type: string, id: string): Promise<void> {
    await this.ari.deleteDynamicConfig(PJSIP, type, id).catch((error: unknown) => {
      if ((error as { isNotFound?: boolean }).isNotFound) return;
      throw error;
    });
  }

  async provisionAll(): Promise<number> {
    const reps = await this.reps.find({ where: { enabled: true }, select: PUSH_SELECT });
    let pushed = 0;
    for (const rep of reps) {
      if (!rep.sipHa1 && !rep.sipWebHa1) continue;
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
