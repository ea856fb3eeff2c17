import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  // Validate before Nest starts so every bad setting is reported at once with a clean exit code.
  const config = loadConfig();
  const app = await createHttpApp();
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Fatal: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
