import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time by process group from /proc, so a benchmark step can say where each call's CPU went
 * (the router, Asterisk, PostgreSQL, Redis, the S3 server, SIPp). `groupOf` names a process's
 * group from its pid, command name and command line, or returns null to leave it out.
 * A process that exits between two samples loses what it used since the first; the bench's own
 * children that exited (a finished SIPp) are counted through its `cutime`, as `sipp`.
 */
export type GroupOf = (pid: number, comm: string, cmdline: string) => string | null;

export function sampleCpu(groupOf: GroupOf): Map<string, number> {
  const totals = new Map<string, number>();
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
    add(totals, group, Number(fields[11]) + Number(fields[12]));
    if (pid === process.pid) add(totals, EXITED_CHILDREN, Number(fields[13]) + Number(fields[14]));
  }
  return totals;
}

const EXITED_CHILDREN = 'sipp';

/** CPU milliseconds used by each group between two samples, most first. */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>): Array<{ group: string; ms: number }> {
  return [...after]
    .map(([group, ticks]) => ({ group, ms: ((ticks - (before.get(group) ?? 0)) * 1000) / TICKS_PER_SECOND }))
    .sort((a, b) => b.ms - a.ms);
}

/** "router 6.1, asterisk 4.2, … = 15.3 ms CPU per call (1.38 cores on average over …)" for a step. */
export function describeCpu(used: Array<{ group: string; ms: number }>, calls: number, seconds: number): string {
  const total = used.reduce((sum, row) => sum + row.ms, 0);
  const perCall = used.map((row) => `${row.group} ${(row.ms / Math.max(1, calls)).toFixed(1)}`).join(', ');
  return `${perCall} = ${(total / Math.max(1, calls)).toFixed(1)} ms CPU per call (${(total / 1000 / seconds).toFixed(2)} cores on average over the ${seconds.toFixed(0)} s of the step and its settling)`;
}

function add(totals: Map<string, number>, group: string, ticks: number): void {
  totals.set(group, (totals.get(group) ?? 0) + ticks);
}

function readQuietly(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
