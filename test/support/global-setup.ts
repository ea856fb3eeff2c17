import { Client } from 'pg';

/** A fresh test database per run: nothing left from an earlier run can make a test pass or fail. */
export default async function globalSetup(): Promise<void> {
  if ((globalThis as { __salescallDbReady?: boolean }).__salescallDbReady) return;
  const target = new URL(process.env.DATABASE_URL ?? 'postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall_test');
  const name = target.pathname.slice(1);
  const admin = new URL(target.toString());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  (globalThis as { __salescallDbReady?: boolean }).__salescallDbReady = true;
}
