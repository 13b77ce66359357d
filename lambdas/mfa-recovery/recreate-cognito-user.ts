import { judgeRecoveryCandidate } from '../identity/adoption-policy';
import type { IdentityProvider, IdentityUser } from '../ports/identity-provider';
import type { CognitoLink, CognitoUserSnapshot } from '../ports/recovery-token-store';
import type { UserRecord, UserRepository } from '../ports/user-repository';
import { allOrFirstError } from '../shared/settle';
import { UserAlreadyExistsError, UserNotFoundError } from '../shared/errors';
import { RecoveryBlockedError } from './recovery-errors';

/** Read-only attributes: Cognito sets them, a new user cannot be given them. */
const READ_ONLY_ATTRIBUTES = new Set(['sub']);
/** Attributes that cannot be carried over (federated identity links): an account that has them is not recreated. */
const UNCOPYABLE_ATTRIBUTES = new Set(['identities']);

/** The calls the `recreate` strategy makes. */
export interface RecreateDeps {
  readonly identity: Pick<IdentityProvider, 'findUser' | 'listGroups' | 'deleteUser' | 'createUser' | 'addUserToGroup'>;
  readonly users: Pick<UserRepository, 'findUser'>;
  /** Checks the caller runs on the fresh read of the database user before anything is done (throws to refuse). */
  readonly assertAccount?: (user: UserRecord | undefined) => void;
  /** Saves the snapshot where a retry of the caller finds it again (a recovery's token, an admin reset's user). */
  readonly saveSnapshot: (snapshot: CognitoUserSnapshot) => Promise<void>;
}

/** The account to recreate: its user id, the Cognito user to replace, and what an interrupted attempt saved. */
export interface RecreateSubject {
  readonly userId: string;
  readonly cognitoUsername: string;
  readonly snapshot?: CognitoUserSnapshot;
}

/** The refusal (followed by the attributes' names) when the user has an attribute that cannot be copied (nothing was changed). */
export const UNCOPYABLE = 'attributes that cannot be copied';
/** The refusal when the old Cognito user is gone and no attempt saved what to copy (nothing was changed). */
export const NOTHING_TO_COPY = 'old Cognito user gone and nothing saved to copy';

/** The steps of a recreate, as named in alerts and the fault matrix. */
export type RecreateStep = 'read' | 'snapshot' | 'delete' | 'create' | 'adopt' | 'restore';

/**
 * recreateCognitoUser: the `recreate` strategy, for pools where the factor cannot be reset in place.
 * Replaces the Cognito user by a new one that has everything the old one had but its factor, its
 * password and its `sub`: every copyable attribute and every group (a disabled user is never
 * recovered: the adoption policy refuses it, so it stays as it is). The database user is relinked
 * by the caller (in the transaction that completes the token).
 *
 * Crash-safe: what is copied is saved (`saveSnapshot`) before the old user is deleted, so a retry after
 * the delete copies from the saved snapshot; a retry after the create adopts the new user (never
 * the old incarnation) and restores groups and flag again (both idempotent). Anything it cannot
 * copy, or a user that is not provably this account's, blocks the recovery instead: in the `read`
 * step before anything changed, in a later one half-way (the caller alerts).
 * Shared by MFA recovery's confirm and by the admin MFA reset.
 *
 * @throws {RecoveryBlockedError} Something cannot be copied, or a user is not this account's.
 */
export async function recreateCognitoUser(deps: RecreateDeps, record: RecreateSubject, enter: (step: RecreateStep) => void): Promise<CognitoLink> {
  const { identity, users } = deps;
  enter('read');
  const [user, current, groups] = await Promise.all([
    users.findUser(record.userId),
    identity.findUser(record.cognitoUsername),
    identity.listGroups(record.cognitoUsername).catch((error: unknown) => {
      if (error instanceof UserNotFoundError) return undefined;
      throw error;
    }),
  ]);
  if (user && user.cognitoUsername !== record.cognitoUsername) throw new RecoveryBlockedError('database link changed since the recovery began');

  let snapshot = record.snapshot;
  if (current) {
    assertRecoverable(current, record.userId, user);
    // Nothing is done yet: the caller's own refusals (e.g. a password reset cooling off) still may stop it.
    deps.assertAccount?.(user);
    // A user deleted between the two reads leaves no groups to copy: start over rather than lose them.
    if (!groups) throw new RecoveryBlockedError('Cognito user vanished while it was read');
    snapshot = snapshotOf(current, groups);
    enter('snapshot');
    await deps.saveSnapshot(snapshot);
    enter('delete');
    await identity.deleteUser(current.username);
  } else if (!snapshot) {
    throw new RecoveryBlockedError(NOTHING_TO_COPY);
  }
  if (!user) throw new RecoveryBlockedError('database-user-missing');

  const created = await createOrAdopt(deps, user, snapshot, enter);
  enter('restore');
  await allOrFirstError(snapshot.groups.map((group) => identity.addUserToGroup(created.username, group)));
  return { cognitoUsername: created.username, cognitoSub: created.sub };
}

/**
 * Asks the adoption policy whether `candidate` is the Cognito user of the account being recovered.
 * @throws {RecoveryBlockedError} with the policy's refusal as the reason.
 */
export function assertRecoverable(candidate: IdentityUser, userId: string, account: UserRecord | undefined): void {
  const decision = judgeRecoveryCandidate(candidate, { userId, account });
  if (!decision.adopt) throw new RecoveryBlockedError(decision.refusal);
}

/** What to copy from `user`. @throws {RecoveryBlockedError} when it has an attribute that cannot be copied. */
function snapshotOf(user: IdentityUser, groups: readonly string[]): CognitoUserSnapshot {
  const attributes = Object.entries(user.attributes ?? {});
  const uncopyable = attributes.filter(([name]) => UNCOPYABLE_ATTRIBUTES.has(name)).map(([name]) => name);
  if (uncopyable.length > 0) throw new RecoveryBlockedError(`${UNCOPYABLE}: ${uncopyable.join(', ')}`);
  return {
    sub: user.sub,
    attributes: Object.fromEntries(attributes.filter(([name]) => !READ_ONLY_ATTRIBUTES.has(name))),
    groups: [...groups],
  };
}

/**
 * Creates the new user (Cognito emails the invitation). When the email is taken: by our own new
 * user from an earlier attempt, adopt it; by the old incarnation (a read missed it), replace it.
 */
async function createOrAdopt(
  { identity }: RecreateDeps,
  account: UserRecord,
  snapshot: CognitoUserSnapshot,
  enter: (step: RecreateStep) => void,
): Promise<IdentityUser> {
  const input = { email: account.email, userId: account.userId, attributes: snapshot.attributes };
  enter('create');
  try {
    return await identity.createUser(input);
  } catch (error) {
    if (!(error instanceof UserAlreadyExistsError)) throw error;
  }
  enter('adopt');
  const existing = await identity.findUser(account.email);
  if (!existing) throw new RecoveryBlockedError('email taken by another Cognito user');
  assertRecoverable(existing, account.userId, account);
  if (existing.sub !== snapshot.sub) return existing;
  enter('delete');
  await identity.deleteUser(existing.username);
  enter('create');
  return identity.createUser(input);
}
