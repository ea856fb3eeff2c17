// Settings every test process shares: its own database, queue prefix and a quiet log.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL ??= 'postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall_test';
process.env.QUEUE_PREFIX ??= 'salescall-test';
process.env.LOG_LEVEL ??= 'silent';
process.env.HTTP_PORT ??= '0';
// Suites that do not place calls get an ARI app of their own: the dialplan sends calls to
// "salescall" only, so they never take calls (or the app) from an end-to-end suite.
process.env.ARI_APP ??= 'salescall-test-int';
