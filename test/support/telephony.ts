/**
 * Starts, restarts and stops the local Asterisk (telephony/*.sh) from tests. The scripts read the
 * same environment variables as here (ARI_PORT, ARI_USER, ARI_PASSWORD, ASTERISK_ROOT...).
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';

export const TELEPHONY_DIR = resolve(__dirname, '../../telephony');

export interface AriSettings {
  url: string;
  user: string;
  password: string;
  app: string;
}

export function ariSettings(env: NodeJS.ProcessEnv = process.env): AriSettings {
  return {
    url: `http://127.0.0.1:${env.ARI_PORT ?? '8088'}/ari`,
    user: env.ARI_USER ?? 'salescall',
    password: env.ARI_PASSWORD ?? 'salescall-dev-ari',
    app: env.ARI_APP ?? 'salescall',
  };
}

/** True when GET /ari/asterisk/info answers 200 within timeoutMs. */
export function ariAnswers(settings: AriSettings = ariSettings(), timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolveUp) => {
    const auth = Buffer.from(`${settings.user}:${settings.password}`).toString('base64');
    const req = request(`${settings.url}/asterisk/info`, { headers: { authorization: `Basic ${auth}` }, timeout: timeoutMs }, (res) => {
      res.resume();
      resolveUp(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolveUp(false));
    req.end();
  });
}

export interface ScriptResult {
  exitCode: number | null;
  output: string;
}

/** Runs telephony/<script> and rejects with its output when it fails. */
export function runTelephonyScript(script: string, env: NodeJS.ProcessEnv = process.env): Promise<ScriptResult> {
  // The dialplan's Stasis app is Asterisk's, not the test process's: suites that do not place calls
  // set ARI_APP to a private name, which must never end up in the rendered dialplan.
  const scriptEnv = { ...env, ARI_APP: env.TELEPHONY_ARI_APP ?? 'salescall' };
  return new Promise((resolveRun, reject) => {
    const child = spawn('bash', [resolve(TELEPHONY_DIR, script)], { env: scriptEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (exitCode) => {
      if (exitCode === 0) resolveRun({ exitCode, output });
      else reject(new Error(`telephony/${script} exited with ${String(exitCode)}:\n${output}`));
    });
  });
}

/** Starts Asterisk through telephony/start.sh unless ARI already answers. */
export async function ensureAsterisk(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (await ariAnswers(ariSettings(env))) return;
  await runTelephonyScript('start.sh', env);
}

/** Restarts Asterisk (rep endpoints pushed over ARI are gone afterwards: push them again). */
export async function restartAsterisk(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runTelephonyScript('restart.sh', env);
}

export async function stopAsterisk(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runTelephonyScript('stop.sh', env);
}

/**
 * Callers an earlier e2e run left in Asterisk (SIPp killed without a BYE): with the e2e lock held
 * no live test owns them, and a service's first reconcile would route them to the next suite's
 * reps as waiting callers and skew every count. Returns how many were hung up.
 */
export async function hangUpLeftoverCallers(settings: AriSettings = ariSettings()): Promise<number> {
  const headers = { authorization: `Basic ${Buffer.from(`${settings.user}:${settings.password}`).toString('base64')}` };
  const response = await fetch(`${settings.url}/channels`, { headers }).catch(() => null);
  if (!response?.ok) return 0;
  const channels = (await response.json()) as Array<{ id: string; dialplan: { context: string } }>;
  const leftovers = channels.filter((channel) => channel.dialplan.context === 'from-trunk');
  for (const channel of leftovers) await fetch(`${settings.url}/channels/${channel.id}`, { method: 'DELETE', headers }).catch(() => undefined);
  return leftovers.length;
}
