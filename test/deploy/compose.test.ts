// The compose files must be valid without a container engine: Debian's docker-compose package
// (`apt-get install docker-compose`, as .ci/run does) parses and checks them with `config`. The
// suite is "not run" on a machine without it, and fails under CI=true or SOCLE_REQUIRE_TOOLS=1, so CI
// cannot pass without checking.
import { needTools } from '../support/tools.ts';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// Without docker-compose: one "not run" line (a failure under CI=true or SOCLE_REQUIRE_TOOLS=1).
needTools('docker-compose');

const ROOT = new URL('../../', import.meta.url).pathname;

function compose(...args: string[]) {
  const result = spawnSync('docker-compose', args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.unreachable('docker-compose is not installed: `apt-get install docker-compose` (Debian) to validate the compose files');
  }
  return result;
}

for (const file of ['docker-compose.yml', 'docker-compose.cluster.yml', 'docker-compose.postgres.yml']) {
  test(`${file} is accepted by docker-compose config`, () => {
    const result = compose('-f', file, 'config', '-q');
    assert.is(result.status, 0, `docker-compose -f ${file} config -q failed:\n${result.stderr}`);
  });
}

test('docker-compose.yml runs one EventStoreDB node without its projections, and the app on it', () => {
  const result = compose('-f', 'docker-compose.yml', 'config');
  assert.is(result.status, 0, result.stderr);
  const config = result.stdout;
  assert.match(config, /EVENTSTORE_RUN_PROJECTIONS: None/);
  assert.match(config, /EVENTSTORE_INSECURE: "true"/);
  assert.match(config, /eventstore-data:\/var\/lib\/eventstore/);
  assert.match(config, /healthcheck:/);
  assert.match(config, /SOCLE_STORE: eventstoredb/);
  assert.match(config, /EVENTSTORE_CONNECTION_STRING: esdb:\/\/eventstoredb:2113\?tls=false/);
  assert.match(config, /condition: service_healthy/);
});

test('the cluster file runs three nodes that know each other', () => {
  const result = compose('-f', 'docker-compose.cluster.yml', 'config', '--services');
  assert.is(result.status, 0, result.stderr);
  const services = result.stdout.trim().split('\n').sort();
  assert.equal(services, ['eventstoredb-1', 'eventstoredb-2', 'eventstoredb-3', 'socle-1', 'socle-2']);
  const config = compose('-f', 'docker-compose.cluster.yml', 'config').stdout;
  assert.is(config.match(/EVENTSTORE_CLUSTER_SIZE: '3'/g)?.length, 3);
  assert.is(config.match(/EVENTSTORE_GOSSIP_SEED:/g)?.length, 3);
});

test('the PostgreSQL file runs the database, two app servers on it and a load balancer over them', () => {
  const result = compose('-f', 'docker-compose.postgres.yml', 'config', '--services');
  assert.is(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim().split('\n').sort(), ['load-balancer', 'postgres', 'socle-1', 'socle-2']);
  const config = compose('-f', 'docker-compose.postgres.yml', 'config').stdout;
  // Both servers on the one database, each with its own data volume (snapshot, signing key).
  assert.is(config.match(/SOCLE_STORE: postgres/g)?.length, 2);
  assert.is(config.match(/DATABASE_URL: postgres:\/\/socle:socle@postgres:5432\/socle/g)?.length, 2);
  assert.match(config, /socle-1-data:\/data/);
  assert.match(config, /socle-2-data:\/data/);
  assert.match(config, /pg_isready/);
  assert.match(config, /postgres-data:\/var\/lib\/postgresql\/data/);
  assert.ok((config.match(/condition: service_healthy/g)?.length ?? 0) >= 4, 'servers wait for the database, the balancer for the servers');
  // The balancer's configuration names both servers and is mounted where nginx reads it.
  assert.match(config, /deploy\/nginx-socle\.conf:\/etc\/nginx\/conf\.d\/default\.conf/);
  const nginx = readFileSync(join(ROOT, 'deploy/nginx-socle.conf'), 'utf8');
  assert.match(nginx, /upstream socle \{[^}]*server socle-1:3000[^}]*server socle-2:3000/);
  assert.match(nginx, /proxy_pass http:\/\/socle;/);
  assert.not.match(nginx, /non_idempotent/, 'a POST is never replayed on the other server');
});

test('a broken compose file is refused (the check can fail)', () => {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const check = (input: string) => {
    const result = spawnSync('docker-compose', ['-f', '-', 'config', '-q'], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
    if (result.error) assert.unreachable(`docker-compose could not run: ${result.error.message}`);
    return result.status;
  };
  assert.is(check(text), 0, 'the file as it is, read from stdin');
  assert.is.not(check(text.replace('condition: service_healthy', 'condition: [not, a, string]')), 0, 'docker-compose accepted an invalid file');
});

test('the Dockerfile builds the app for EventStoreDB on node 20 with npm ci', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /^FROM node:20/m);
  assert.match(dockerfile, /npm ci/);
  assert.match(dockerfile, /SOCLE_STORE=eventstoredb/);
  assert.match(dockerfile, /"serve", "--host", "0\.0\.0\.0"/);
});

test.run();
