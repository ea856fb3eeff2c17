import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time by process group from /proc, so a benchmark step can say where each call's CPU went
 * (the router, Asterisk, PostgreSQL, Redis, the S3 server, SIPp). `groupOf` names a process's
 * group from its pid, command name and command line, or returns null to leave it out.
 * A process that exits between two samples loses what it used since the first (a PostgreSQL
 * backend whose connection closed); the bench's own children that exited (a finished SIPp) are
 * counted through its `cutime`, as `sipp`.
 */
export type GroupOf = (pid: number, comm: string, cmdline: string) => string | null;

export type CpuSample = Map<number, { group: string; ticks: number }>;

export function sampleCpu(groupOf: GroupOf): CpuSample {
  const sample: CpuSample = new Map();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readQuietly(`/proc/${pid}/stat`);
    if (!stat) continue;
    // comm is in parentheses and may contain spaces: fields after the last ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const group = groupOf(pid, comm, (readQuietly(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' '));
    if (!group) continue;
    // fields[11..14] = utime, stime, cutime, cstime (stat fields 14..17).
    sample.set(pid, { group, ticks: Number(fields[11]) + Number(fields[12]) });
    // Children that exited and were reaped (a finished SIPp) under a pid of their own: -pid.
    if (pid === process.pid) sample.set(-pid, { group: EXITED_CHILDREN, ticks: Number(fields[13]) + Number(fields[14]) });
  }
  return sample;
}

/** CPU milliseconds used by each group between two samples, most first (per process, so one that exited drops out instead of going negative). */
export function cpuBetween(before: CpuSample, after: CpuSample): Array<{ group: string; ms: number }> {
  const byGroup = new Map<string, number>();
  for (const [pid, { group, ticks }] of after) byGroup.set(group, (byGroup.get(group) ?? 0) + ((ticks - (before.get(pid)?.ticks ?? 0)) * 1000) / TICKS_PER_SECOND);
  return [...byGroup].map(([group, ms]) => ({ group, ms })).sort((a, b) => b.ms - a.ms);
}

const EXITED_CHILDREN = 'sipp';

/** "router 6.1, asterisk 4.2, … = 15.3 ms CPU per call (1.38 cores on average over …)" for a step. */
export function describeCpu(used: Array<{ group: string; ms: number }>, calls: number, seconds: number): string {
  const total = used.reduce((sum, row) => sum + row.ms, 0);
  const perCall = used.map((row) => `${row.group} ${(row.ms / Math.max(1, calls)).toFixed(1)}`).join(', ');
  return `${perCall} = ${(total / Math.max(1, calls)).toFixed(1)} ms CPU per call (${(total / 1000 / seconds).toFixed(2)} cores on average over the ${seconds.toFixed(0)} s of the step and its settling)`;
}

function readQuietly(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
