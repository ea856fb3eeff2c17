#!/usr/bin/env node
/**
 * A local S3-compatible server for development and tests when no MinIO is configured. The service
 * talks to it through the same `minio` client it uses in production.
 * Usage: node scripts/s3rver.js [--port 4569] [--dir /var/cache/salescall/s3rver] [--bucket name]
 */
const S3rver = require('s3rver');
const { mkdirSync } = require('node:fs');

function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const port = Number(arg('port', process.env.S3_PORT || '4569'));
const directory = arg('dir', '/var/cache/salescall/s3rver');
const bucket = arg('bucket', process.env.S3_BUCKET || 'salescall-recordings');
mkdirSync(directory, { recursive: true });

const server = new S3rver({ port, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] });
server.run().then(
  () => process.stdout.write(`s3rver listening on 127.0.0.1:${port}, data in ${directory}, bucket ${bucket}\n`),
  (error) => {
    process.stderr.write(`s3rver failed: ${error.message}\n`);
    process.exit(1);
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close().then(() => process.exit(0)));
