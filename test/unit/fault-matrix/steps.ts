import type { APIGatewayProxyResult } from 'aws-lambda';
import { vi } from 'vitest';
import { ADA, type LoggedCall, type RecoveryWorld } from '../mfa-recovery/support/world';
import { errorFor } from './errors';
import type { Injection } from './harness';
import { stateJson } from './world-changes';

/**
 * What the stateful flows of the matrix share: the names of the calls they record (a step is named
 * by its command and input), arming faults on those names, and reading a run's answer and alerts.
 */

const AUDIT_TABLE = () => process.env.AUDIT_TABLE_NAME;

/** The matrix name of a TransactWriteItems, from what its first item does. */
function transactionName(items: readonly Record<string, any>[]): string {
  const [kind, first] = Object.entries(items[0])[0] as [string, any];
  const key = kind === 'Put' ? first.Item : first.Key;
  const expression = String(first.UpdateExpression ?? '');
  const keyOf = (item: Record<string, any>) => Object.values(item)[0].Item ?? Object.values(item)[0].Key;
  if (items.some((item) => String(keyOf(item).pk).startsWith('RECOVERY_TOKEN#'))) return kind === 'Put' ? 'issue token + audit' : 'complete token + audit';
  if (kind === 'Put' && first.Item.entity === 'User') return '';
  if (key.sk === 'ADMIN_INFO') {
    if (expression.includes('accountStatus = :deactivated')) return 'deactivate + audit';
    if (expression.includes('accountStatus = :active')) return 'reactivate + audit';
    if (expression.includes('lastInvitedAt')) return 'invitation + audit';
  }
  throw new Error(`fault matrix: unnamed transaction ${JSON.stringify(items)}`);
}

/** The matrix name of the `index`-th logged call (attempt counters are told apart by their order in the flow). */
export function stepName(log: readonly LoggedCall[], index: number, counters: readonly string[]): string {
  const { name, input } = log[index];
  const command = name.split(':')[1];
  const key = input.Key ?? {};
  const pk = String(key.pk ?? '');
  const named = (detail: string) => (detail ? `${command} (${detail})` : command);
  switch (name) {
    case 'dynamodb:UpdateItem': {
      if (pk.startsWith('RATE#')) {
        const earlier = log.slice(0, index).filter((call) => call.name === name && String(call.input.Key?.pk).startsWith('RATE#')).length;
        return named(counters[earlier] ?? 'attempt counter');
      }
      const expression = String(input.UpdateExpression);
      if (expression.startsWith('DELETE codeHashes')) return named('take code');
      if (expression.startsWith('ADD codeHashes')) return named('put code back');
      if (expression.includes('lastSignInAt')) return named('sign-in');
      if (expression.includes('fencedUntil')) return named('provisioning fence');
      if (expression.includes('lastInvitedAt')) return named('invitation');
      if (expression.includes(':void')) return named('void token');
      if (expression.includes('consumedAt = if_not_exists')) return named('acquire token');
      if (expression.includes('cognitoSub')) return named('relink');
      if (expression.includes('snapshot')) return named('save snapshot');
      if (expression.includes(':issued')) return named('give back token');
      return named('release lease');
    }
    case 'dynamodb:GetItem':
      if (pk.startsWith('EMAIL#')) return named('email claim');
      if (pk.startsWith('RECOVERY_TOKEN#')) return named('token');
      return named({ MFA_RECOVERY: 'recovery state', ADMIN_INFO: 'caller', RECOVERY_CODES: 'recovery codes' }[String(key.sk)] ?? 'user');
    case 'dynamodb:BatchGetItem':
      return named('recovery codes');
    case 'dynamodb:PutItem':
      if (input.TableName === AUDIT_TABLE()) return named('audit');
      return named(input.Item?.sk === 'RECOVERY_CODES' ? 'recovery codes' : 'item');
    case 'dynamodb:Query':
      if (input.IndexName) return named('admin index');
      if (input.TableName === AUDIT_TABLE()) return named('audit');
      return named(String(input.KeyConditionExpression).includes('BETWEEN') ? 'admin' : 'licenses');
    case 'dynamodb:TransactWriteItems':
      return named(transactionName(input.TransactItems));
    case 'cognito:AdminGetUser':
      return input.Username === ADA.email ? named('by email') : command;
    case 'cognito:AdminCreateUser':
      return input.MessageAction === 'RESEND' ? named('RESEND') : command;
    case 'secretsmanager:GetSecretValue':
      return named(input.SecretId === process.env.RECOVERY_CODE_KEY_SECRET_ARN ? 'recovery-code key' : 'rate-limit key');
    case 'ses:SendEmail':
      return /was reset|reset your/.test(String(input.Content.Simple.Subject.Data)) ? named('notice') : command;
    default:
      return command;
  }
}

/** What an armed world reports: the matrix names of the calls made since (failed ones suffixed "!"), and the landed faults whose call changed nothing. */
export interface Armed {
  readonly calls: () => string[];
  readonly ineffective: () => string[];
}

/** Every piece of state a call can change, serialized, to tell whether a call took effect. */
const stateOf = (world: RecoveryWorld) =>
  stateJson([
    world.table.all(),
    [...world.pool.users.values()].map((user) => ({ ...user, groups: [...user.groups], refreshTokens: [...user.refreshTokens] })),
    world.pool.invitations,
    world.outbox,
  ]);

/**
 * Arms `world` to fail each injection's call. A fault after taking effect must find the call changed
 * the world: one whose call changed nothing (or failed by itself) is reported as ineffective.
 */
export function inject(world: RecoveryWorld, injections: readonly Injection[], counters: readonly string[]): Armed {
  const from = world.log.length;
  const names = () => world.log.slice(from).map((_, i) => stepName(world.log.slice(from), i, counters));
  const ineffective = new Set<Injection>();
  for (const injection of injections) {
    let seen = 0;
    let before = '';
    world.failMatching({
      when: injection.landed ? 'after' : 'before',
      error: () => {
        if (injection.landed && stateOf(world) !== before) ineffective.delete(injection);
        return errorFor(injection.fault);
      },
      matches: () => {
        const hit = names().at(-1) === injection.step && ++seen === (injection.nth ?? 1);
        if (hit && injection.landed) {
          before = stateOf(world);
          ineffective.add(injection);
        }
        return hit;
      },
    });
  }
  return {
    calls: () => names().map((name, i) => (world.log[from + i].failed ? `${name}!` : name)),
    ineffective: () => [...ineffective].map((injection) => `${injection.step} ${injection.fault}`),
  };
}

/** " + alert X" for every alert record (what an operator is told). */
export const alertsIn = (records: readonly Record<string, any>[]) =>
  records
    .filter((record) => record.alert !== undefined)
    .map((record) => ` + alert ${record.alert}`)
    .join('');

/** "<status> <code>" of a response, as the retry column shows it. */
export const describeResponse = (response: APIGatewayProxyResult) => {
  const body = JSON.parse(response.body);
  return `${response.statusCode} ${body.error?.code ?? body.status ?? '-'}`;
};

/** Runs `body` at a fixed virtual time (leases and windows are measured on it). */
export async function atVirtualTime<T>(start: Date, body: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(start);
  try {
    return await body();
  } finally {
    vi.useRealTimers();
  }
}

/** Calls again like a user: once; after a 409 INVALID_USER_STATE (someone's work in progress) once more, `waitMs` later. */
export async function retryAfter(call: () => Promise<APIGatewayProxyResult>, waitMs: number): Promise<string[]> {
  const first = await call();
  if (describeResponse(first) !== '409 INVALID_USER_STATE') return [describeResponse(first)];
  vi.setSystemTime(new Date(Date.now() + waitMs));
  return [describeResponse(first), `after ${waitMs / 1000} s: ${describeResponse(await call())}`];
}
