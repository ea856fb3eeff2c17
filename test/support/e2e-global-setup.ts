import { spawn } from 'node:child_process';
import globalSetup from './global-setup';
import { ariSettings, hangUpLeftoverCallers } from './telephony';

const LOCK_FILE = '/tmp/salescall-asterisk-e2e.lock';

/**
 * End-to-end suites share one Asterisk and its one "salescall" Stasis app, and some restart it.
 * Two jest runs on the same machine (two developers, a developer and CI) would take the app from
 * each other, so the whole e2e project holds an exclusive flock for as long as it runs.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  await globalSetup();
  // The holder watches this process: if jest dies without its teardown, the lock goes with it.
  const holder = spawn('flock', ['--exclusive', LOCK_FILE, '-c', `echo locked; while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const warn = setInterval(() => process.stderr.write(`waiting for ${LOCK_FILE} (another e2e run holds Asterisk) ${Math.round((Date.now() - started) / 1000)} s\n`), 15_000);
    holder.stdout?.once('data', () => {
      clearInterval(warn);
      holder.stdout?.destroy();
      holder.unref();
      resolve();
    });
    holder.once('exit', (code) => {
      clearInterval(warn);
      reject(new Error(`flock exited with ${code}`));
    });
  });
  (globalThis as { __salescallE2eLock?: typeof holder }).__salescallE2eLock = holder;
  const leftovers = await hangUpLeftoverCallers(ariSettings({ ...process.env, ARI_APP: 'salescall' }));
  if (leftovers > 0) process.stderr.write(`hung up ${leftovers} caller(s) an earlier e2e run left in Asterisk\n`);
}
