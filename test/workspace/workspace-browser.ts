import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { toneWav } from './audio-probe';

/** The rep's microphone in the browser: a steady tone the recording can be searched for. */
export const MIC_TONE_HZ = 2900;

/**
 * Debian's Chromium, headless, with fake media: the permission prompt is answered yes, and the
 * microphone plays a WAV file. Verified here (Chromium 156, docs/workspace.md "Stack notes"):
 * no mDNS flag is needed, because granting the microphone makes Chromium expose its host
 * candidates; loopback candidates come only with --allow-loopback-in-peer-connection.
 */
export class WorkspaceBrowser {
  /** Content-Security-Policy refusals the page met: Chromium's console lines and the DOM's events. */
  private readonly refusals: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    private readonly dir: string,
  ) {
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) this.refusals.push(message.text());
    });
  }

  static async open(url: string): Promise<WorkspaceBrowser> {
    const dir = mkdtempSync(join(tmpdir(), 'salescall-workspace-'));
    const microphone = join(dir, 'microphone.wav');
    writeFileSync(microphone, toneWav(MIC_TONE_HZ, 120));
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${microphone}`,
        // Loopback ICE candidates too, so the test also runs on a machine whose only address is 127.0.0.1.
        '--allow-loopback-in-peer-connection',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    await page.addInitScript(`
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
    `);
    const workspace = new WorkspaceBrowser(browser, page, dir);
    await page.goto(`${url}/workspace`);
    return workspace;
  }

  async signIn(login: string, password: string): Promise<void> {
    await this.page.fill('#login-name', login);
    await this.page.fill('#login-password', password);
    await this.page.click('#login-submit');
    await this.page.waitForSelector('#registration[data-state="registered"]', { timeout: 15_000 });
  }

  /** What WebRTC itself says about the call's audio, both directions (the page's own softphone, through getStats). */
  async audioStats(): Promise<MediaStats> {
    return this.page.evaluate(AUDIO_STATS) as Promise<MediaStats>;
  }

  /** Every CSP refusal since the page opened (the page must work under the service's strict policy). */
  async cspViolations(): Promise<string[]> {
    return [...this.refusals, ...((await this.page.evaluate('window.__cspViolations')) as string[])];
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface MediaStats {
  bytesReceived: number;
  bytesSent: number;
  audioLevel: number;
  codec: string;
  localCandidate: string;
}

/** Runs in the page (a string: the test project is compiled without the DOM library). */
const AUDIO_STATS = `(async () => {
  const pc = window.__salescallPhone && window.__salescallPhone.session && window.__salescallPhone.session.connection;
  const out = { bytesReceived: 0, bytesSent: 0, audioLevel: 0, codec: '', localCandidate: '' };
  if (!pc) return out;
  const stats = await pc.getStats();
  stats.forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'audio') {
      Object.assign(out, { bytesReceived: report.bytesReceived, audioLevel: report.audioLevel || 0 });
      out.codec = (stats.get(report.codecId) || {}).mimeType || '';
    }
    if (report.type === 'outbound-rtp' && report.kind === 'audio') out.bytesSent = report.bytesSent;
    if (report.type === 'candidate-pair' && report.state === 'succeeded' && report.nominated) out.localCandidate = (stats.get(report.localCandidateId) || {}).address || '';
  });
  return out;
})()`;
