import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createHttpApp } from '../../src/http-app';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * Boots the real application (same pipes, guards, filters as production) against the test
 * database, with per-test environment overrides applied only while it is created.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(overrides)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  try {
    const app = await createHttpApp();
    await app.listen(0, '127.0.0.1');
    return {
      app,
      http: request(app.getHttpServer()),
      close: () => app.close(),
    };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

export const ADMIN = { login: 'admin', password: 'admin-dev-password' };

export async function loginAs(testApp: TestApp, login: string, password: string): Promise<string> {
  const response = await testApp.http.post('/auth/login').send({ login, password }).expect(200);
  return response.body.accessToken as string;
}

let counter = 0;
/** A unique suffix so suites never collide on unique names inside the shared test database. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`.toLowerCase();
}
