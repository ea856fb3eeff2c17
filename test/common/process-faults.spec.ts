import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ProcessFaults } from '../../src/common/process/process-faults';
import { captureLogs } from '../support/log-capture';

const run = promisify(execFile);

describe('process policy for failures nobody owned', () => {
  it('a real process survives an unhandled rejection and an uncaught exception, logs both with context and counts them', async () => {
    const script = join(__dirname, 'fixtures', 'unowned-failures.ts');
    // Its own process: Node's default for both faults is to end the process, which is what the policy must change.
    const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', script], { cwd: join(__dirname, '..', '..'), timeout: 30_000 });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    expect(lines.find((line) => line.fault === 'unhandled-rejection')).toMatchObject({ level: 50, component: 'process', total: 1, err: { message: 'database refused the write', stack: expect.stringContaining('unowned-failures.ts') } });
    expect(lines.find((line) => line.fault === 'uncaught-exception')).toMatchObject({ level: 50, total: 1, origin: 'uncaughtException', err: { message: 'thrown from a timer' } });
    expect(lines.find((line) => line.alive)).toMatchObject({ counts: { unhandledRejections: 1, uncaughtExceptions: 1 } });
  });

  it('a rejection with something other than an Error is still logged readably', () => {
    const { logger, lines: logged } = captureLogs();
    const faults = new ProcessFaults(logger);
    const target = new EventEmitter();
    const uninstall = faults.install(target);
    target.emit('unhandledRejection', { code: 'ECONNREFUSED' });
    uninstall();
    target.emit('unhandledRejection', 'after uninstall');
    expect(faults.snapshot()).toEqual({ unhandledRejections: 1, uncaughtExceptions: 0 });
    expect(logged).toEqual([expect.objectContaining({ fault: 'unhandled-rejection', err: expect.objectContaining({ message: '{"code":"ECONNREFUSED"}' }) })]);
  });
});
