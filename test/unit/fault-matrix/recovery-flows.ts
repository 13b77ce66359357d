import type { APIGatewayProxyResult } from 'aws-lambda';
import { vi } from 'vitest';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { handler as confirmHandler } from '../../../lambdas/handlers/confirm-mfa-reset';
import { handler as requestHandler, MFA_RESET_REQUESTED } from '../../../lambdas/handlers/request-mfa-reset';
import { RECOVERY_LEASE_MS } from '../../../lambdas/mfa-recovery/confirm-mfa-reset';
import { hashRecoveryToken } from '../../../lambdas/mfa-recovery/recovery-token';
import { apiEvent } from '../../support/events';
import { captureLogs } from '../../support/logs';
import { ADA, type LoggedCall, recoveryWorld } from '../mfa-recovery/support/world';
import { errorFor } from './errors';
import type { FlowRun, FlowUnderTest, Injection } from './harness';

/**
 * The MFA-recovery flows in the fault matrix. Their outcome depends on state (token conditions,
 * leases, who exists in Cognito), so they run over the stateful fakes of the MFA-recovery tests,
 * through the real handlers and adapters; the matrix names each recorded call by its input.
 *
 * The matrix shares these SDK mocks with the scripted flows: a second `mockClient` of the same
 * client class would replace the first.
 */
export const world = recoveryWorld();

const START = new Date('2026-11-23T10:00:00.000Z');
/** A retry answered 409 (recovery in progress) waits this long: past the lease a failed call may still hold. */
const LEASE_WAIT_MS = RECOVERY_LEASE_MS + 1_000;

/** The matrix name of the `index`-th logged call (attempt counters are told apart by their order in the flow). */
function stepName(log: readonly LoggedCall[], index: number, counters: readonly string[]): string {
  const { name, input } = log[index];
  const command = name.split(':')[1];
  const pk = String(input.Key?.pk ?? '');
  switch (name) {
    case 'dynamodb:UpdateItem': {
      if (pk.startsWith('RATE#')) {
        const earlier = log.slice(0, index).filter((call) => call.name === name && String(call.input.Key?.pk).startsWith('RATE#')).length;
        return `${command} (${counters[earlier] ?? 'attempt counter'})`;
      }
      const values = Object.keys(input.ExpressionAttributeValues ?? {});
      if (values.includes(':void')) return `${command} (void token)`;
      return `${command} (${values.includes(':lease') ? 'take over' : 'release lease'})`;
    }
    case 'dynamodb:GetItem':
      return `${command} (${pk.startsWith('EMAIL#') ? 'email claim' : pk.startsWith('RECOVERY_TOKEN#') ? 'token' : 'user'})`;
    case 'dynamodb:Query':
      return `${command} (licenses)`;
    case 'dynamodb:TransactWriteItems': {
      const [first] = input.TransactItems;
      if (first.Put) return `${command} (issue token)`;
      return `${command} (${String(first.Update.Key.pk).startsWith('RECOVERY_TOKEN#') ? 'consume token' : 'link user'})`;
    }
    case 'cognito:AdminGetUser':
      return input.Username === ADA.email ? `${command} (by email)` : command;
    default:
      return command;
  }
}

/** Arms the world to fail each injection's call, and returns the matrix names of the calls made. */
function inject(injections: readonly Injection[], counters: readonly string[]): () => string[] {
  const from = world.log.length;
  const names = () => world.log.slice(from).map((_, i) => stepName(world.log.slice(from), i, counters));
  for (const injection of injections) {
    let seen = 0;
    world.failMatching({
      when: injection.landed ? 'after' : 'before',
      error: () => errorFor(injection.fault),
      matches: () => names().at(-1) === injection.step && ++seen === (injection.nth ?? 1),
    });
  }
  return () => names().map((name, i) => (world.log[from + i].failed ? `${name}!` : name));
}

/** " + alert X" for every alert record (what an operator is told). */
const alertsIn = (records: readonly Record<string, any>[]) =>
  records
    .filter((record) => record.alert !== undefined)
    .map((record) => ` + alert ${record.alert}`)
    .join('');

const describe = (response: APIGatewayProxyResult) => {
  const body = JSON.parse(response.body);
  return `${response.statusCode} ${body.error?.code ?? body.status}`;
};

/** Runs `body` over freshly seeded fakes at a fixed virtual time (the lease is measured on it). */
async function inFreshWorld<T>(body: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  try {
    world.reset();
    await world.seed(ADA);
    return await body();
  } finally {
    vi.useRealTimers();
  }
}

const REQUEST_BODY = { username: ADA.email, password: ADA.password, license: ADA.licenses[0] };
const request = () => requestHandler(apiEvent({ body: REQUEST_BODY, path: '/mfa-recovery/request' }));
const confirm = (token: string) => confirmHandler(apiEvent({ body: { token }, path: '/mfa-recovery/confirm' }));

/** What a request left: tokens and the emails carrying their links. */
function requestState(): string {
  const emailedHashes = world.outbox.map((mail) => hashRecoveryToken(/token=([\w-]+)/.exec(mail.text)?.[1] ?? ''));
  const tokens = world.table
    .all()
    .filter((item) => item.entity === 'RecoveryToken')
    .map((item) => `${item.status}${emailedHashes.includes(String(item.tokenHash)) ? ' emailed' : ''}`);
  const facts = `${tokens.join(',') || 'none'} / ${world.outbox.length} email(s)`;
  const states: Record<string, string> = {
    'none / 0 email(s)': 'nothing: no token, no email',
    'ISSUED emailed / 1 email(s)': 'link emailed, token ISSUED',
    'VOID / 0 email(s)': 'no email; token VOID',
    'VOID emailed / 1 email(s)': 'email sent but its token VOID: the link is refused; asking again works',
    'none / 1 email(s)': 'email sent but no token stored: the link is refused; asking again works',
    'ISSUED / 0 email(s)': 'token ISSUED but never emailed: nobody holds it; it expires',
  };
  return states[facts] ?? `unexpected: ${facts}`;
}

const RECOVERED = 'recovered: a new Cognito user (invited), linked; link used';

/** What a confirm left: the token, the Cognito users, the database link, invitations. */
function confirmState(token: string, previous: string): string {
  const item = world.tokenItem(token);
  const users = [...world.pool.users.values()];
  const old = users.some((user) => user.username === previous);
  const fresh = users.filter((user) => user.username !== previous);
  const linked = world.userItem(ADA.userId)?.cognitoUsername;
  const inProgress = world.table.item(keys.mfaRecovery(ADA.userId))?.inProgressTokenHash !== undefined;
  const invited = world.pool.invitations.length;
  const ours = fresh.every((user) => user.attributes['custom:userId'] === ADA.userId);
  if (item?.status === 'ISSUED' && old && fresh.length === 0 && linked === previous && !inProgress && invited === 0) {
    return 'unchanged: link still valid';
  }
  if (item?.status === 'COMPLETED' && !old && fresh.length === 1 && ours && linked === fresh[0].username && !inProgress && invited === 1) {
    return RECOVERED;
  }
  if (item?.status === 'IN_PROGRESS' && inProgress && linked === previous && ours && fresh.length <= 1 && invited === fresh.length) {
    const cognito = old ? 'old Cognito user still there' : fresh.length ? 'new Cognito user created, not linked' : 'no Cognito user';
    const lease = Date.parse(String(item.leaseUntil)) > Date.now() ? 'lease held' : 'lease released';
    return `recovery half done (token IN_PROGRESS, ${lease}): ${old && fresh.length ? 'two Cognito users' : cognito}`;
  }
  return `unexpected: ${JSON.stringify({ token: item?.status, old, fresh: fresh.length, linkedToOld: linked === previous, inProgress, invited })}`;
}

/** Retries like a user: the same link again; a 409 (in progress) is retried once the lease has run out. */
async function retryConfirm(token: string): Promise<string[]> {
  const first = await confirm(token);
  if (first.statusCode !== 409) return [describe(first)];
  vi.setSystemTime(new Date(Date.now() + LEASE_WAIT_MS));
  return [describe(first), `after ${LEASE_WAIT_MS / 1000} s: ${describe(await confirm(token))}`];
}

/** POST /mfa-recovery/request for a practitioner whose details all match (the path that issues a link). */
export const requestMfaResetFlow: FlowUnderTest = {
  flow: 'requestMfaReset',
  uniformBody: MFA_RESET_REQUESTED,
  run: (injections) =>
    inFreshWorld(async (): Promise<FlowRun> => {
      const calls = inject(injections, ['account counter', 'IP counter']);
      const { result: response, records } = await captureLogs(request);
      return { response, calls: calls(), left: requestState() + alertsIn(records) };
    }),
};

/** POST /mfa-recovery/confirm with a freshly emailed link, then retried with the same link. */
export const confirmMfaResetFlow: FlowUnderTest = {
  flow: 'confirmMfaReset',
  converged: RECOVERED,
  run: (injections) =>
    inFreshWorld(async (): Promise<FlowRun> => {
      expect202(await request());
      const token = world.lastTokenSentTo(ADA.email);
      const previous = world.pool.byEmail(ADA.email)?.username as string;
      const calls = inject(injections, ['IP counter']);
      const { result: response, records } = await captureLogs(() => confirm(token));
      const made = calls();
      const left = confirmState(token, previous) + alertsIn(records);
      const responses = await retryConfirm(token);
      return { response, calls: made, left, retry: { responses, left: confirmState(token, previous) } };
    }),
};

function expect202(response: APIGatewayProxyResult): void {
  if (response.statusCode !== 202) throw new Error(`issuing the recovery link answered ${response.statusCode}`);
}
