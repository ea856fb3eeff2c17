/**
 * Runs SIPp scenarios (telephony/sipp/*.xml) from tests as child processes and reads their verdict
 * from SIPp's statistics file. Node built-ins only.
 *
 *   const rep = startSipp({ scenario: 'uas-answer.xml', localPort: await freeUdpPort(), vars: { ring_ms: 500 } });
 *   const caller = await startSippOnFreePort({ scenario: 'uac-inbound-audio.xml', remote: '127.0.0.1:5060', localIp: '127.0.0.2',
 *                              service: '4930111222', vars: { caller: '+4917012345' }, durationMs: 3000 });
 *   expect(await caller.done).toMatchObject({ successful: 1, failed: 0 });
 *   await rep.stop();
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const SIPP_BINARY = '/usr/bin/sipp';
export const SCENARIO_DIR = resolve(__dirname, '../../telephony/sipp');

export interface SippOptions {
  /** File name in telephony/sipp, or an absolute path. */
  scenario: string;
  /** host:port to send to (UAC scenarios and register.xml); omit for a UAS. */
  remote?: string;
  /** -i: local address. 127.0.0.2 plays the trunk, 127.0.0.1 plays reps. Default 127.0.0.1. */
  localIp?: string;
  /** -p: local SIP port, e.g. from freeUdpPort() (startSippOnFreePort picks one for you). */
  localPort: number;
  /** -mp: local RTP port (SIPp's default is 6000 and moves on when taken). */
  mediaPort?: number;
  /** -s: the Request-URI user (dialed number), or the user for register.xml. */
  service?: string;
  /** -m: stop after this many calls. Default 1. */
  calls?: number;
  /** -r: calls per second (per ratePeriodMs). */
  rate?: number;
  /** -rp: rate period in ms. */
  ratePeriodMs?: number;
  /** -l: at most this many simultaneous calls. */
  limit?: number;
  /** -d: length of argument-less <pause/> (talk time in uac-inbound-audio.xml). */
  durationMs?: number;
  /** -set NAME VALUE for each entry (caller, ring_ms, talk_ms, digits, hangup_after_ms...). */
  vars?: Record<string, string | number>;
  /** -au / -ap: digest credentials (register.xml). */
  authUser?: string;
  authPassword?: string;
  /** -timeout: SIPp exits by itself after this long (a safety net for tests). */
  globalTimeoutMs?: number;
  /** Anything else, appended as is. */
  extraArgs?: string[];
}

export interface SippResult {
  successful: number;
  failed: number;
  /** IncomingCall(C): calls a UAS scenario received, whatever became of them (0 for a UAC). */
  received: number;
  /** SIPp: 0 all calls succeeded, 1 some failed, 97/99 stopped early; null if killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** SIPp's own error output, for assertion messages. */
  stderr: string;
}

export interface SippRun {
  readonly localIp: string;
  readonly localPort: number;
  readonly args: readonly string[];
  readonly child: ChildProcess;
  /** Resolves when SIPp exits (it never rejects: a failed start shows as exitCode != 0). */
  readonly done: Promise<SippResult>;
  /** Soft stop (SIGUSR1: no new calls, final statistics written), then KILL after graceMs. */
  stop(graceMs?: number): Promise<SippResult>;
}

/** Asks the OS for a UDP port that is free on the given address right now. */
export function freeUdpPort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, address, () => {
      const { port } = socket.address();
      socket.close(() => resolvePort(port));
    });
  });
}

export function buildSippArgs(opts: SippOptions, localPort: number, statFile: string): string[] {
  const scenario = isAbsolute(opts.scenario) ? opts.scenario : join(SCENARIO_DIR, opts.scenario);
  const args = ['-sf', scenario, '-i', opts.localIp ?? '127.0.0.1', '-p', String(localPort)];
  args.push('-m', String(opts.calls ?? 1), '-nostdin', '-trace_stat', '-stf', statFile);
  const numeric: Array<[string, number | undefined]> = [
    ['-mp', opts.mediaPort],
    ['-r', opts.rate],
    ['-rp', opts.ratePeriodMs],
    ['-l', opts.limit],
    ['-d', opts.durationMs],
  ];
  for (const [flag, value] of numeric) if (value !== undefined) args.push(flag, String(value));
  if (opts.globalTimeoutMs !== undefined) args.push('-timeout', `${Math.ceil(opts.globalTimeoutMs / 1000)}s`);
  if (opts.service !== undefined) args.push('-s', opts.service);
  if (opts.authUser !== undefined) args.push('-au', opts.authUser);
  if (opts.authPassword !== undefined) args.push('-ap', opts.authPassword);
  for (const [name, value] of Object.entries(opts.vars ?? {})) args.push('-set', name, String(value));
  args.push(...(opts.extraArgs ?? []));
  if (opts.remote !== undefined) args.push(opts.remote);
  return args;
}

/**
 * Reads SuccessfulCall(C), FailedCall(C) and IncomingCall(C) from the last line of a SIPp -stf
 * file (';'-separated, header line first). Missing or empty file: zeros.
 */
export function parseSippStats(text: string): { successful: number; failed: number; received: number } {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) return { successful: 0, failed: 0, received: 0 };
  const header = lines[0].split(';');
  const last = lines[lines.length - 1].split(';');
  const column = (name: string): number => {
    const index = header.indexOf(name);
    const value = index >= 0 ? Number(last[index]) : NaN;
    return Number.isFinite(value) ? value : 0;
  };
  return { successful: column('SuccessfulCall(C)'), failed: column('FailedCall(C)'), received: column('IncomingCall(C)') };
}

/** Starts SIPp in the foreground of a child process (never -bg, so the test keeps control of it). */
export function startSipp(opts: SippOptions): SippRun {
  const localIp = opts.localIp ?? '127.0.0.1';
  const workDir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const statFile = join(workDir, 'stats.csv');
  const args = buildSippArgs(opts, opts.localPort, statFile);
  // SIPp writes its screen to stdout: drop it. Its trace files land in cwd: use the temp dir.
  const child = spawn(SIPP_BINARY, args, { cwd: workDir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += chunk.toString();
  });

  const done = new Promise<SippResult>((resolveDone) => {
    let settled = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      const stats = existsSync(statFile) ? parseSippStats(readFileSync(statFile, 'utf8')) : { successful: 0, failed: 0, received: 0 };
      rmSync(workDir, { recursive: true, force: true });
      resolveDone({ ...stats, exitCode, signal, stderr });
    };
    child.once('error', (error) => {
      stderr += String(error);
      finish(-1, null);
    });
    child.once('exit', finish);
  });

  const stop = async (graceMs = 5000): Promise<SippResult> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGUSR1');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
      }
    }
    return done;
  };

  return { localIp, localPort: opts.localPort, args, child, done, stop };
}

/** startSipp with a free local port picked first (the usual case). */
export async function startSippOnFreePort(opts: Omit<SippOptions, 'localPort'>): Promise<SippRun> {
  return startSipp({ ...opts, localPort: await freeUdpPort(opts.localIp ?? '127.0.0.1') });
}
