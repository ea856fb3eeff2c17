import { execFileSync } from 'node:child_process';
import e2eGlobalSetup from '../../support/e2e-global-setup';
import { REPO_DIR, SERVICE_BUILD_DIR } from './fault-stack';

/**
 * The fault suite shares Asterisk with the e2e project, so it holds the same flock (taken once
 * when both projects run in one jest process). The service runs as a compiled child process:
 * compiled once here, incrementally (seconds when nothing changed).
 */
export default async function faultsGlobalSetup(): Promise<void> {
  if (!(globalThis as { __salescallE2eLock?: unknown }).__salescallE2eLock) await e2eGlobalSetup();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', SERVICE_BUILD_DIR, '--incremental', '--tsBuildInfoFile', `${SERVICE_BUILD_DIR}/.tsbuildinfo`], { cwd: REPO_DIR, stdio: 'inherit' });
}
