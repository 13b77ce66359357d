import type { APIGatewayProxyResult } from 'aws-lambda';
import { MFA_RESET_REQUESTED } from '../../../lambdas/handlers/post-mfa-recovery-request';
import { postMfaRecoveryConfirmRoute } from '../../../lambdas/mfa-recovery/post-mfa-recovery-confirm-route';
import { type MfaRecoveryStrategy, RECOVERY_LEASE_MS } from '../../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { hashRecoveryToken } from '../../../lambdas/mfa-recovery/recovery-token';
import { normalizeRecoveryCode } from '../../../lambdas/recovery-codes/recovery-code';
import { testRecoveryCodeHash } from '../../support/rate-limit-key';
import { apiEvent } from '../../support/events';
import { captureLogs } from '../../support/logs';
import { confirmFlowsFor } from '../mfa-recovery/support/confirm-routes';
import { coldHandler } from './cold-start';
import { ADA, recoveryWorld } from '../mfa-recovery/support/world';
import type { FlowRun, FlowUnderTest } from './harness';
import { alertsIn, atVirtualTime, describeResponse, inject, retryAfter } from './steps';

/**
 * The MFA-recovery flows in the fault matrix. Their outcome depends on state (token conditions,
 * leases, who exists in Cognito), so they run over the stateful fakes of the MFA-recovery tests,
 * through the real handlers and adapters; the matrix names each recorded call by its input.
 *
 * The matrix shares these SDK mocks with the admin flows: a second `mockClient` of the same
 * client class would replace the first.
 */
export const world = recoveryWorld();

const START = new Date('2026-11-23T10:00:00.000Z');
/** A retry answered 409 (recovery in progress) waits this long: past the lease a failed call may still hold. */
const LEASE_WAIT_MS = RECOVERY_LEASE_MS + 1_000;

/** Runs `body` over freshly seeded fakes at a fixed virtual time (the lease is measured on it). */
function inFreshWorld<T>(body: () => Promise<T>): Promise<T> {
  return atVirtualTime(START, async () => {
    world.reset();
    await world.seed(ADA);
    // What recovery must keep: a name and a group beside the ones every account has.
    world.pool.groups.add('reviewers');
    const ada = world.pool.byEmail(ADA.email)!;
    ada.attributes.given_name = 'Ada';
    ada.groups.add('reviewers');
    world.pool.startSession(ada.username);
    return await body();
  });
}

const REQUEST_BODY = { username: ADA.email, password: ADA.password, license: ADA.licenses[0] };
/** POST /mfa-recovery/request in a fresh container (it reads the rate-limit key at its first attempt). */
const request = async () => (await coldHandler('post-mfa-recovery-request'))(apiEvent({ body: REQUEST_BODY, path: '/mfa-recovery/request' }));
/** POST /mfa-recovery/confirm as deployed with `strategy`, in a fresh container. */
const coldConfirm = async (strategy: MfaRecoveryStrategy) =>
  strategy === 'reset' ? coldHandler('post-mfa-recovery-confirm') : postMfaRecoveryConfirmRoute(confirmFlowsFor(strategy).flows);

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
    'VOID emailed / 1 email(s)': 'email sent but its token VOID: the link is refused',
    'none / 1 email(s)': 'email sent but no token stored: the link is refused',
    'ISSUED / 0 email(s)': 'token ISSUED but never emailed: nobody holds it; it expires',
  };
  return states[facts] ?? `unexpected: ${facts}`;
}

const RESET = 'reset: the same Cognito user, factor, password and sessions gone, re-invited; link used';
const RECREATED = 'recreated: a new Cognito user with the same attributes and groups (invited), linked; link used';

/** The token's part of a confirm's state: untouched, used, or half done with its lease. */
function tokenState(token: string, done: string, unchanged: boolean, cognito: string): string {
  const item = world.tokenItem(token);
  if (item?.status === 'ISSUED' && unchanged) return 'unchanged: link still valid';
  if (item?.status === 'COMPLETED') return done;
  if (item?.status === 'IN_PROGRESS') {
    const lease = Date.parse(String(item.leaseUntil)) > Date.now() ? 'lease held' : 'lease released';
    return `recovery half done (token IN_PROGRESS, ${lease}): ${cognito}`;
  }
  return `unexpected token ${item?.status}: ${cognito}`;
}

/** What a `reset` confirm left: which of the four changes the Cognito user has had. */
function resetState(token: string, previous: string): string {
  const user = world.pool.users.get(previous);
  if (!user || world.pool.users.size !== 1 || world.userItem(ADA.userId)?.cognitoUsername !== previous) return 'unexpected: Cognito user or link replaced';
  const changes = [
    user.password !== ADA.password && 'temporary password set',
    user.refreshTokens.size === 0 && 'signed out',
    !user.mfaConfigured && 'factor deleted',
    world.pool.invitations.length > 0 && 're-invited',
  ].filter((change): change is string => change !== false);
  const cognito = changes.length === 0 ? 'Cognito user untouched' : changes.length === 4 ? 'Cognito user fully reset' : `Cognito user: ${changes.join(', ')}`;
  if (world.tokenItem(token)?.status === 'COMPLETED' && changes.length !== 4) return `unexpected: completed with ${cognito}`;
  return tokenState(token, RESET, changes.length === 0, cognito);
}

/** What a `recreate` confirm left: the Cognito users, the database link, the saved snapshot. */
function recreateState(token: string, previous: string): string {
  const users = [...world.pool.users.values()];
  const old = users.some((user) => user.username === previous);
  const fresh = users.filter((user) => user.username !== previous);
  const linked = world.userItem(ADA.userId)?.cognitoUsername;
  const ours = fresh.every((user) => user.attributes['custom:userId'] === ADA.userId && user.attributes.given_name === 'Ada');
  const grouped = fresh.every((user) => user.groups.has('reviewers'));
  const saved = world.tokenItem(token)?.snapshot !== undefined ? ', snapshot saved' : '';
  if (!ours || fresh.length > 1 || (old && fresh.length > 0)) return 'unexpected: Cognito users not ours or doubled';
  if (world.tokenItem(token)?.status === 'COMPLETED') {
    return !old && fresh.length === 1 && grouped && linked === fresh[0].username ? RECREATED : 'unexpected: completed but not recreated';
  }
  if (linked !== previous) return 'unexpected: relinked before completion';
  const cognito = old
    ? `old Cognito user still there${saved}`
    : fresh.length === 0
      ? `no Cognito user${saved}`
      : `new Cognito user created${grouped ? '' : ' without its groups'}, not linked`;
  return tokenState(token, RECREATED, old && world.pool.invitations.length === 0, cognito);
}

const LINK_WORKS = 'the latest email carries a working link (its token ISSUED)';

/** Whether the last recovery email's link works: its token is stored and ISSUED. */
function latestLinkState(): string {
  const token = /#token=([A-Za-z0-9_-]+)/.exec(world.outbox.at(-1)?.text ?? '')?.[1];
  const status = token === undefined ? 'no email' : (world.tokenItem(token)?.status ?? 'no token stored');
  return status === 'ISSUED' ? LINK_WORKS : `the latest email's link: ${status}`;
}

/** POST /mfa-recovery/request for a practitioner whose details all match (the path that issues a link), then asked again. */
export const postMfaRecoveryRequestFlow: FlowUnderTest = {
  flow: 'postMfaRecoveryRequest',
  uniformBody: MFA_RESET_REQUESTED,
  converged: LINK_WORKS,
  run: (injections) =>
    inFreshWorld(async (): Promise<FlowRun> => {
      const armed = inject(world, injections, ['IP counter', 'account counter']);
      const { result: response, records } = await captureLogs(request);
      const [calls, ineffective, left] = [armed.calls(), armed.ineffective(), requestState() + alertsIn(records)];
      const again = await request();
      return { response, calls, ineffective, left, retry: { responses: [describeResponse(again)], left: latestLinkState() } };
    }),
};

/** POST /mfa-recovery/confirm (deployed with `strategy`) with a freshly emailed link, then retried with the same link. */
function confirmFlow(strategy: MfaRecoveryStrategy, converged: string, state: (token: string, previous: string) => string): FlowUnderTest {
  /** Set per run: a fresh container, which the retry reuses (warm). */
  let route: Awaited<ReturnType<typeof coldConfirm>>;
  const confirm = (token: string) => route(apiEvent({ body: { token }, path: '/mfa-recovery/confirm' }));
  /** Retries like a user: the same link again; a 409 (in progress) is retried once the lease has run out. */
  const retry = (token: string) => retryAfter(() => confirm(token), LEASE_WAIT_MS);
  return {
    flow: `postMfaRecoveryConfirm (${strategy})`,
    converged,
    run: (injections) =>
      inFreshWorld(async (): Promise<FlowRun> => {
        expect202(await request());
        route = await coldConfirm(strategy);
        const token = world.lastTokenSentTo(ADA.email);
        const previous = world.pool.byEmail(ADA.email)?.username as string;
        const armed = inject(world, injections, ['IP counter']);
        const { result: response, records } = await captureLogs(() => confirm(token));
        const made = armed.calls();
        const ineffective = armed.ineffective();
        const left = state(token, previous) + alertsIn(records);
        const responses = await retry(token);
        return { response, calls: made, ineffective, left, retry: { responses, left: state(token, previous) } };
      }),
  };
}

export const confirmResetFlow = confirmFlow('reset', RESET, resetState);
export const confirmRecreateFlow = confirmFlow('recreate', RECREATED, recreateState);

function expect202(response: APIGatewayProxyResult): void {
  if (response.statusCode !== 202) throw new Error(`issuing the recovery link answered ${response.statusCode}`);
}

/** Ada's ten saved codes; she uses the first. */
const CODES = Array.from({ length: 10 }, (_, i) => `s3cr3t-${i}KQM-7X`);
const CODE_BODY = { username: ADA.email, password: ADA.password, recoveryCode: CODES[0] };

/**
 * What a recovery-code use left, in words: the Cognito user's factor and sessions (the password is
 * never touched: a change is reported), the codes left, the notice and the audit record.
 */
export function codeUseState(): string {
  const user = world.pool.byEmail(ADA.email);
  if (!user || user.password !== ADA.password || world.pool.invitations.length > 0) return 'unexpected: password changed or user re-invited';
  const signedOut = user.refreshTokens.size === 0;
  const cognito = !user.mfaConfigured
    ? signedOut
      ? 'factor deleted, signed out, password kept'
      : 'factor deleted but sessions live'
    : signedOut
      ? 'signed out, factor kept'
      : 'Cognito user untouched';
  const left = (world.table.item(keys.recoveryCodes(ADA.userId))?.codeHashes as Set<string> | undefined)?.size ?? 0;
  const told = world.outbox.length > 0 ? '; user told' : '';
  const audited = world.table.all(process.env.AUDIT_TABLE_NAME).some((record) => record.event === 'RECOVERY_CODE_USED') ? '; audited' : '';
  return `${cognito}; ${left} of 10 codes left${told}${audited}`;
}

/** POST /mfa-recovery/code with Ada's first saved code, in a fresh container, then asked again with the same code. */
export const postMfaRecoveryCodeFlow: FlowUnderTest = {
  flow: 'postMfaRecoveryCode',
  converged: 'factor deleted, signed out, password kept; 9 of 10 codes left; user told; audited',
  run: (injections) =>
    inFreshWorld(async (): Promise<FlowRun> => {
      // The saved codes' item as the store writes it (written into the fake directly: no call of any function's).
      world.table.put({
        ...keys.recoveryCodes(ADA.userId),
        entity: 'RecoveryCodes',
        codeHashes: new Set(CODES.map((code) => testRecoveryCodeHash(normalizeRecoveryCode(code) as string))),
        createdAt: START.toISOString(),
        total: CODES.length,
      });
      const route = await coldHandler('post-mfa-recovery-code');
      const use = () => route(apiEvent({ body: CODE_BODY, path: '/mfa-recovery/code' }));
      const armed = inject(world, injections, ['IP counter', 'account-IP counter', 'account counter']);
      const { result: response, records } = await captureLogs(use);
      const [calls, ineffective, left] = [armed.calls(), armed.ineffective(), codeUseState() + alertsIn(records)];
      const again = await use();
      return { response, calls, ineffective, left, retry: { responses: [describeResponse(again)], left: codeUseState() } };
    }),
};
