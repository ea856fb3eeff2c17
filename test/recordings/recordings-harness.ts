import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { AppLogger } from '../../src/common/logging/logger';
import { ROOT_LOGGER } from '../../src/common/logging/logging.module';
import { configureHttpApp } from '../../src/http-app';
import { RECORDING_SOURCE, RecordingSource } from '../../src/recordings/recording-source';
import { TestApp } from '../support/test-app';

/** A free TCP port on loopback, as the OS hands it out right now. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A real s3rver of the test's own (port and directory), which the test can stop and restart. */
export class LocalS3 {
  private child: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'salescall-rec-s3-'));

  constructor(readonly port: number) {}

  static async start(): Promise<LocalS3> {
    const s3 = new LocalS3(await freeTcpPort());
    await s3.start();
    return s3;
  }

  async start(): Promise<void> {
    const script = resolve(__dirname, '../../scripts/s3rver.js');
    const child = spawn(process.execPath, [script, '--port', String(this.port), '--dir', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolveStart, reject) => {
      const timer = setTimeout(() => reject(new Error('s3rver did not start within 15 s')), 15_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) {
          clearTimeout(timer);
          resolveStart();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`s3rver exited with ${code}`));
      });
    });
  }

  /** SIGKILL: an outage, not a polite shutdown. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolveExit) => {
      child.once('exit', () => resolveExit());
      child.kill('SIGKILL');
    });
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Stands in for Asterisk's stored recordings (integration tests run without telephony). */
export class FakeRecordingSource implements RecordingSource {
  readonly files = new Map<string, Buffer>();
  readonly removed: string[] = [];

  async download(name: string): Promise<Buffer | null> {
    return this.files.get(name) ?? null;
  }

  async remove(name: string): Promise<void> {
    this.files.delete(name);
    this.removed.push(name);
  }
}

/**
 * The real application with the recording source replaced, and the settings a test gives applied
 * only while it is built (config is read once at boot).
 */
export async function startRecordingsApp(source: RecordingSource, env: Record<string, string>): Promise<TestApp> {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(RECORDING_SOURCE).useValue(source).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, app.get<AppLogger>(ROOT_LOGGER));
    await app.listen(0, '127.0.0.1');
    return { app, http: request(app.getHttpServer()), close: () => app.close() };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
