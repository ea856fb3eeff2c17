import { ChildProcess } from 'node:child_process';

export default async function e2eGlobalTeardown(): Promise<void> {
  const holder = (globalThis as { __salescallE2eLock?: ChildProcess }).__salescallE2eLock;
  holder?.kill('SIGKILL');
}
