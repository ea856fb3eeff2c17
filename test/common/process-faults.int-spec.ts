import { ADMIN, loginAs, startTestApp, TestApp } from '../support/test-app';

describe('the running service owns unowned failures', () => {
  let testApp: TestApp;
  let admin: { Authorization: string };

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = { Authorization: `Bearer ${await loginAs(testApp, ADMIN.login, ADMIN.password)}` };
  });

  afterAll(() => testApp.close());

  it('counts an unhandled rejection on /routing/metrics and keeps serving', async () => {
    const before = (await testApp.http.get('/routing/metrics').set(admin).expect(200)).body.processFaults;
    expect(before).toEqual({ unhandledRejections: 0, uncaughtExceptions: 0 });
    // Emitted as Node itself does when a rejected promise finds no handler by the end of the tick
    // (a real one cannot be raised here: jest owns the worker's process-level handlers).
    process.emit('unhandledRejection', new Error('journal write refused'), Promise.resolve());
    const after = (await testApp.http.get('/routing/metrics').set(admin).expect(200)).body.processFaults;
    expect(after).toEqual({ unhandledRejections: 1, uncaughtExceptions: 0 });
  });
});
