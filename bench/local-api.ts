/**
 * `npm run bench:local`: the local API's provisioning latency (POST /admins, one admin at a time)
 * with 10, 100 and 1,000 users already in the pool, next to moto's own AdminCreateUser time at the
 * same size (the pool is filled through the API itself, so table and outbox grow with it), and
 * what the local layer (HTTP server, authorizer stand-in, handler, SDK, outbox read) adds over moto's
 * own time, read from the plugin's request statistics (`/moto-plugin/stats`).
 * Prints a Markdown table and writes bench-results/local-latest.{json,md}. Not part of `npm test`.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalApiInfo } from '../local/local-api-info';
import { startLocalApiProcess } from '../local/local-api-process';
import { totp } from '../local/totp';
import { median } from './cold-init';
import { RESULTS_DIR } from './paths';

const POOL_SIZES = [10, 100, 1_000] as const;
const SAMPLES = 25;
const WARM_UP_REQUESTS = 30;
const SEED_CONCURRENCY = 4;
/** Seeding 1,000 users through the API takes well under a minute; this bounds a stuck emulator. */
const SEED_TIMEOUT_MS = 180_000;
/** Latency at 1,000 users over latency at 10. */
const FLATNESS_TARGET = 1.3;
/** Median per-request time outside moto, in ms. */
const OVERHEAD_TARGET_MS = 20;

interface SizeResult {
  readonly usersBefore: number;
  readonly provisioningMs: { readonly median: number; readonly p90: number };
  /** moto's own time (all its requests) within one provisioning request, median. */
  readonly motoWithinMs: number;
  readonly motoRequestsPerProvisioning: number;
  /** moto's median time per operation within one provisioning request. */
  readonly motoByOperationMs: Record<string, number>;
  /** Median of (request latency - moto's time in it). */
  readonly overheadMs: number;
  /** Its 10th percentile: the cost when the process is not waiting for a CPU (the machine may be shared). */
  readonly overheadP10Ms: number;
  /** AdminCreateUser sent straight to moto (as our adapter sends it), median. */
  readonly motoAdminCreateUserMs: number;
  readonly ratioToAdminCreateUser: number;
}

function log(message: string): void {
  process.stderr.write(`[bench:local] ${message}\n`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const round = (value: number) => Math.round(value * 10) / 10;

interface MotoStats {
  readonly requests: number;
  readonly busySeconds: number;
  readonly byOperation: Record<string, { readonly requests: number; readonly busySeconds: number }>;
}

/** moto's time per operation between two readings, in ms (operations moto served in between only). */
function operationMs(before: MotoStats, after: MotoStats): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after.byOperation)
      .filter(([name, entry]) => entry.requests > (before.byOperation[name]?.requests ?? 0))
      .map(([name, entry]) => [name.replace(/^.*\./, ''), (entry.busySeconds - (before.byOperation[name]?.busySeconds ?? 0)) * 1000]),
  );
}

async function motoStats(endpoint: string): Promise<MotoStats> {
  return (await (await fetch(`${endpoint}/moto-plugin/stats`)).json()) as MotoStats;
}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function adminToken(info: LocalApiInfo): Promise<string> {
  const { admin } = info;
  const signedIn = await post(`${info.apiUrl}/_local/sign-in`, { email: admin.email, password: admin.password, totpCode: totp(admin.totpSecret) });
  if (signedIn.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(signedIn.body)}`);
  return signedIn.body.tokens.idToken;
}

/** An invited admin as our Cognito adapter creates it (no temporary password: the plugin generates one). */
function adminCreateUser(info: LocalApiInfo, email: string): AdminCreateUserCommand {
  return new AdminCreateUserCommand({
    UserPoolId: info.userPoolId,
    Username: email,
    DesiredDeliveryMediums: ['EMAIL'],
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'custom:userId', Value: randomUUID() },
    ],
  });
}

async function poolSize(cognito: CognitoIdentityProviderClient, info: LocalApiInfo): Promise<number> {
  const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: info.userPoolId }));
  return UserPool?.EstimatedNumberOfUsers ?? 0;
}

/**
 * Provisions admins through the API (Cognito user, group, User + AdminInfo records, audit, invitation)
 * until the pool has `size` users, so the table and outbox grow with the pool as they would in use.
 */
async function seedTo(cognito: CognitoIdentityProviderClient, info: LocalApiInfo, token: string, size: number): Promise<void> {
  const missing = size - (await poolSize(cognito, info));
  const deadline = Date.now() + SEED_TIMEOUT_MS;
  let next = 0;
  const worker = async () => {
    while (next < missing) {
      next += 1;
      if (Date.now() > deadline) throw new Error(`seeding ${size} users took over ${SEED_TIMEOUT_MS} ms`);
      const response = await post(`${info.apiUrl}/admins`, { email: `bench.seed.${randomUUID()}@example.com` }, token);
      if (response.status !== 201) throw new Error(`seeding: POST /admins answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

async function measureSize(cognito: CognitoIdentityProviderClient, info: LocalApiInfo, token: string): Promise<SizeResult> {
  const usersBefore = await poolSize(cognito, info);
  const latencies: number[] = [];
  const motoTimes: number[] = [];
  const overheads: number[] = [];
  const byOperation: Record<string, number[]> = {};
  let motoRequests = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const before = await motoStats(info.emulatorEndpoint);
    const started = performance.now();
    const response = await post(`${info.apiUrl}/admins`, { email: `bench.admin.${randomUUID()}@example.com` }, token);
    const latency = performance.now() - started;
    const after = await motoStats(info.emulatorEndpoint);
    if (response.status !== 201) throw new Error(`POST /admins answered ${response.status}: ${JSON.stringify(response.body)}`);
    const moto = (after.busySeconds - before.busySeconds) * 1000;
    latencies.push(latency);
    motoTimes.push(moto);
    overheads.push(latency - moto);
    motoRequests = after.requests - before.requests;
    for (const [name, ms] of Object.entries(operationMs(before, after))) {
      byOperation[name] ??= [];
      byOperation[name].push(ms);
    }
  }

  const direct: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await cognito.send(adminCreateUser(info, `bench.direct.${randomUUID()}@example.com`));
    direct.push(performance.now() - started);
  }

  const provisioning = median(latencies);
  const adminCreate = median(direct);
  return {
    usersBefore,
    provisioningMs: { median: round(provisioning), p90: round(percentile(latencies, 0.9)) },
    motoWithinMs: round(median(motoTimes)),
    motoRequestsPerProvisioning: motoRequests,
    motoByOperationMs: Object.fromEntries(Object.entries(byOperation).map(([name, values]) => [name, round(median(values))])),
    overheadMs: round(median(overheads)),
    overheadP10Ms: round(percentile(overheads, 0.1)),
    motoAdminCreateUserMs: round(adminCreate),
    ratioToAdminCreateUser: round(provisioning / adminCreate),
  };
}

function formatLocalBench(results: Record<number, SizeResult>, loadAverage: number): string {
  const rows = POOL_SIZES.map((size) => {
    const r = results[size];
    return `| ${size} (${r.usersBefore}) | ${r.provisioningMs.median} / ${r.provisioningMs.p90} | ${r.motoWithinMs} (${r.motoRequestsPerProvisioning} requests) | ${r.overheadMs} (${r.overheadP10Ms}) | ${r.motoAdminCreateUserMs} | ${r.ratioToAdminCreateUser}x |`;
  });
  const flatness = round(results[1_000].provisioningMs.median / results[10].provisioningMs.median);
  const worstOverhead = Math.max(...POOL_SIZES.map((size) => results[size].overheadMs));
  return [
    `| users in the pool (at start) | POST /admins ms, median / p90 | moto's own time in it, ms | local-layer overhead, ms, median (p10) | moto AdminCreateUser alone, ms | ratio |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Latency at 1,000 users / at 10: **${flatness}x** (target <= ${FLATNESS_TARGET}x: ${flatness <= FLATNESS_TARGET ? 'met' : 'NOT met'}). ` +
      `Largest local-layer overhead: **${worstOverhead} ms** (target <= ${OVERHEAD_TARGET_MS} ms: ${worstOverhead <= OVERHEAD_TARGET_MS ? 'met' : 'NOT met'}). ` +
      `${SAMPLES} sequential requests per size; load average ${loadAverage.toFixed(2)} on ${os.cpus().length} cores.`,
  ].join('\n');
}

async function main(): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, 'local-api-bench.log');
  log(`starting the local API (console: ${logFile})`);
  const localApi = await startLocalApiProcess(logFile);
  try {
    const { info } = localApi;
    const cognito = new CognitoIdentityProviderClient({
      endpoint: info.emulatorEndpoint,
      region: info.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const token = await adminToken(info);
    // Warm-up, so the first size does not time a cold process: provisions whose Cognito users are then
    // deleted again (their table records stay; the table's size does not matter any more).
    for (let i = 0; i < WARM_UP_REQUESTS; i++) {
      const email = `bench.warm-up.${randomUUID()}@example.com`;
      await post(`${info.apiUrl}/admins`, { email }, token);
      await cognito.send(new AdminDeleteUserCommand({ UserPoolId: info.userPoolId, Username: email }));
    }
    const loadAtStart = os.loadavg()[0];
    const results: Record<number, SizeResult> = {};
    for (const size of POOL_SIZES) {
      const seedStarted = Date.now();
      await seedTo(cognito, info, token, size);
      log(`pool at ${await poolSize(cognito, info)} users (seeded in ${Date.now() - seedStarted} ms); measuring`);
      results[size] = await measureSize(cognito, info, token);
      log(`moto's time per operation (median ms): ${JSON.stringify(results[size].motoByOperationMs)}`);
    }
    const markdown = formatLocalBench(results, Math.max(loadAtStart, os.loadavg()[0]));
    console.log(markdown);
    writeFileSync(path.join(RESULTS_DIR, 'local-latest.json'), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
    writeFileSync(path.join(RESULTS_DIR, 'local-latest.md'), `${markdown}\n`);
  } finally {
    await localApi.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
