import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Minimal SIPp trunk caller for the ARI adapter's e2e test: one call from 127.0.0.2 (the trunk's
 * address, which is how Asterisk recognises the trunk) into from-trunk.
 * Random SIP/RTP ports so it does not collide with other suites running SIPp at the same time.
 */
export interface SippCallResult {
  exitCode: number | null;
  successfulCalls: number;
  failedCalls: number;
  elapsedMs: number;
  output: string;
}

export interface SippCall {
  done: Promise<SippCallResult>;
  /** SIGUSR1: SIPp's soft exit, which still writes its statistics. */
  stop(): void;
}

export function startSippInboundCall(options: { dialed: string; caller: string; talkMs: number; timeoutSec?: number }): SippCall {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-ari-'));
  const scenario = resolve(__dirname, '../../telephony/sipp/uac-inbound-audio.xml');
  const sipPort = 20000 + Math.floor(Math.random() * 10000);
  const mediaPort = 40000 + 2 * Math.floor(Math.random() * 5000);
  const statsFile = join(dir, 'stats.csv');
  // -m 1: one call; -timeout/-timeout_error: a hung call fails the test instead of hanging it.
  const args = [
    '127.0.0.1:5060', '-i', '127.0.0.2', '-p', String(sipPort), '-mp', String(mediaPort),
    '-sf', scenario, '-s', options.dialed, '-set', 'caller', options.caller,
    '-d', String(options.talkMs), '-m', '1', '-nostdin',
    '-timeout', `${options.timeoutSec ?? 60}s`, '-timeout_error',
    '-trace_stat', '-stf', statsFile, '-trace_err', '-error_file', join(dir, 'errors.log'),
  ];
  const startedAt = Date.now();
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const done = new Promise<SippCallResult>((resolveDone, reject) => {
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      const { successfulCalls, failedCalls } = readStats(statsFile);
      let errors = '';
      for (const name of readdirSync(dir)) if (name.endsWith('.log')) errors += readFileSync(join(dir, name), 'utf8');
      resolveDone({ exitCode, successfulCalls, failedCalls, elapsedMs: Date.now() - startedAt, output: `${output}\n${errors}` });
    });
  });
  return { done, stop: () => child.kill('SIGUSR1') };
}

/** Last line of SIPp's -trace_stat CSV; columns SuccessfulCall(C) and FailedCall(C). */
function readStats(file: string): { successfulCalls: number; failedCalls: number } {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const header = lines[0].split(';');
    const last = lines[lines.length - 1].split(';');
    const column = (name: string): number => Number(last[header.indexOf(name)] ?? NaN);
    return { successfulCalls: column('SuccessfulCall(C)'), failedCalls: column('FailedCall(C)') };
  } catch {
    return { successfulCalls: NaN, failedCalls: NaN };
  }
}
