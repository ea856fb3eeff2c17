// Settings every test process shares: its own database, queue prefix and a quiet log.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL ??= 'postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall_test';
process.env.QUEUE_PREFIX ??= 'salescall-test';
process.env.LOG_LEVEL ??= 'silent';
process.env.HTTP_PORT ??= '0';
// Suites that do not place calls get an ARI app of their own: the dialplan sends calls to
// "salescall" only, so they never take calls (or the app) from an end-to-end suite.
process.env.ARI_APP ??= 'salescall-test-int';
// Failed-login throttling is counted in Redis for 15 minutes across runs and every request here
// comes from 127.0.0.1: with production limits, a few re-runs of suites that try wrong passwords
// would lock the admin out of every later suite. Suites that test throttling set their own limits.
process.env.RULE_AUTH_LOGIN_FAILURES_PER_LOGIN ??= '1000';
process.env.RULE_AUTH_LOGIN_FAILURES_PER_ADDRESS ??= '10000';
