import { appendAuditRecord, auditRecord, byAdmin } from '../audit/audit-records';
import { ADOPTION_WINDOW_MS, adoptOnCreateConflict } from '../identity/adoption-policy';
import type { ActingAdmin, AuditTrail } from '../ports/audit-trail';
import type { BusinessMetrics } from '../ports/business-metrics';
import type { IdentityProvider, IdentityUser } from '../ports/identity-provider';
import type { ProvisioningAttempt, UserRepository } from '../ports/user-repository';
import { outcomeUncertain, UserAlreadyExistsError } from '../shared/errors';
import { ADMINS_GROUP } from '../shared/identity-settings';
import type { AppLogger } from '../shared/logger';
import type { Clock, IdGenerator } from '../shared/runtime';

/** The ports the provisioning flows run over. */
export interface PostAdminsDeps {
  readonly identity: Pick<IdentityProvider, 'createUser' | 'resendInvitation' | 'findUser' | 'addUserToGroup' | 'deleteUser'>;
  readonly users: UserRepository;
  readonly audit: AuditTrail;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly logger: AppLogger;
  readonly metrics: Pick<BusinessMetrics, 'count' | 'refused'>;
}

/** The outcome of provisioning: the new admin's ids, and the identity they will sign in with. */
export interface ProvisionedAdmin {
  readonly userId: string;
  readonly email: string;
  readonly cognitoUsername: string;
  readonly cognitoSub: string;
  /** `true` when an earlier, interrupted attempt had already created the Cognito user and this run completed it. */
  readonly resumed: boolean;
}

/**
 * Builds the admin-provisioning flows over the given ports. The handlers build this once per Lambda
 * instance with the AWS adapters; tests build it with mocked SDK clients or fakes.
 */
export function postAdminsFlows(deps: PostAdminsDeps) {
  const { identity, users, clock, newId, logger, metrics } = deps;

  /**
   * Creates the Cognito user for a new admin. Cognito emails the invitation with a temporary
   * password, and the user must choose a new password (and set up MFA) at first sign-in.
   *
   * @param email - The new admin's email, already normalized (trimmed, lower-case). It is the sign-in name.
   * @param temporaryPassword - Optional temporary password; when omitted Cognito generates one that meets the policy.
   * @param userId - Our permanent id for the new admin, stored in the immutable `custom:userId` attribute; a new UUID by default.
   * @returns The created Cognito user (username, sub, `userId`).
   * @throws {UserAlreadyExistsError} A Cognito user with this email exists.
   * @throws {TooManyRequestsError} Cognito throttled the call.
   * @throws {DependencyUnavailableError} Cognito failed or timed out.
   */
  async function createAdminUser(email: string, temporaryPassword?: string, userId: string = newId()): Promise<IdentityUser> {
    return identity.createUser({ email, userId, temporaryPassword });
  }

  /**
   * Writes the admin's `User` record, its linked `AdminInfo` record, the email-uniqueness claim and
   * the audit record (`ADMIN_PROVISIONED`, or `ADMIN_ADOPTED` when completing an interrupted attempt's
   * Cognito user) in one DynamoDB transaction: all of them exist afterwards, or none does.
   *
   * @param email - The admin's normalized email.
   * @param cognitoUsername - The username of the Cognito user these records link to.
   * @param link - `userId` (the value of `custom:userId`), the Cognito `sub`, the admin who asked, whether this adopts a leftover,
   *   and the provisioning attempt writing them (a new one, begun now, by default).
   * @returns The `userId` of the records written.
   * @throws {UserAlreadyExistsError} The email (or user id) is already in the database; nothing was written.
   * @throws {InvalidUserStateError} A roll-back is deleting this Cognito user right now; nothing was written.
   * @throws {TooManyRequestsError} DynamoDB throttled the write.
   * @throws {DependencyUnavailableError} DynamoDB failed or timed out.
   */
  async function createAdminDatabaseRecords(
    email: string,
    cognitoUsername: string,
    link: { userId: string; cognitoSub: string; requestedBy: ActingAdmin; adopted?: boolean; attempt?: ProvisioningAttempt },
  ): Promise<string> {
    const now = clock().toISOString();
    const event = link.adopted ? 'ADMIN_ADOPTED' : 'ADMIN_PROVISIONED';
    await users.createAdmin(
      { userId: link.userId, email, role: 'admin', cognitoUsername, cognitoSub: link.cognitoSub, createdAt: now, updatedAt: now },
      { userId: link.userId, email, createdBy: link.requestedBy.userId, createdAt: now, accountStatus: 'ACTIVE', lastInvitedAt: now },
      auditRecord(clock, link.requestedBy, { event, ...byAdmin(link.requestedBy), userId: link.userId }),
      link.attempt ?? { attemptId: newId(), startedAt: now },
    );
    return link.userId;
  }

  /**
   * Provisions a new admin end to end: creates the Cognito user (which emails the invitation), adds it
   * to the `admins` group, and writes the `User` + `AdminInfo` records. Either everything exists
   * afterwards or nothing does: when a later step fails the Cognito user is deleted again, and when
   * that compensation fails too an alert record is logged and a re-run of this function completes
   * the half-made admin instead of failing with a conflict. An existing Cognito user is only ever
   * continued with under the adoption policy (lambdas/identity/adoption-policy.ts), and a roll-back
   * never deletes a Cognito user that records name (see `rollBack`).
   *
   * The caller must be in the `admins` group; the handler checks that before calling.
   *
   * @param email - The new admin's normalized email.
   * @param requestedBy - The authenticated admin asking, recorded by user id as `AdminInfo.createdBy`.
   * @returns The provisioned admin.
   * @throws {UserAlreadyExistsError} The email already belongs to a user (admin or practitioner) or to a Cognito user the policy refuses.
   * @throws {InvalidUserStateError} Another request is provisioning this email right now (409; retry in a minute).
   * @throws {TooManyRequestsError} Cognito or DynamoDB throttled a call; nothing is left behind.
   * @throws {DependencyUnavailableError} Cognito or DynamoDB failed; nothing is left behind (or an alert was logged).
   */
  async function provisionNewAdmin(email: string, requestedBy: ActingAdmin): Promise<ProvisionedAdmin> {
    const attempt: ProvisioningAttempt = { attemptId: newId(), startedAt: clock().toISOString() };
    const { user, resumed } = await createOrAdopt(email);
    const userId = user.userId as string;

    let step = 'AdminAddUserToGroup';
    try {
      await identity.addUserToGroup(user.username, ADMINS_GROUP);
      step = 'database transaction';
      await createAdminDatabaseRecords(email, user.username, { userId, cognitoSub: user.sub, requestedBy, adopted: resumed, attempt });
    } catch (error) {
      const committed = await rollBack(user, userId, email, { failedStep: step, requestedBy, attempt }, error);
      if (!committed) throw error;
      logger.warn('provisioning transaction committed though its answer was an error', { userId, failure: (error as Error).name });
    }

    if (resumed) await refreshInvitation(email, userId, requestedBy);
    logger.info('admin provisioned', { userId, cognitoSub: user.sub, resumed });
    metrics.count('AdminsProvisioned');
    return { userId, email, cognitoUsername: user.username, cognitoSub: user.sub, resumed };
  }

  /**
   * Creates the Cognito user, or, when the email is taken, continues with the existing user if the
   * adoption policy allows it: our own create whose answer was lost (the SDK's retry saw it exist),
   * or the leftover of an attempt whose compensation failed (`resumed`).
   */
  async function createOrAdopt(email: string): Promise<{ user: IdentityUser; resumed: boolean }> {
    const userId = newId();
    try {
      return { user: await createAdminUser(email, undefined, userId), resumed: false };
    } catch (error) {
      if (!(error instanceof UserAlreadyExistsError)) throw error;
      const adopted = await adoptOnCreateConflict({ identity, users, clock, logger, metrics }, { email, createdUserId: userId }, error);
      return { user: adopted.user, resumed: adopted.basis === 'interrupted-creation' };
    }
  }

  /**
   * Undoes the Cognito half after a later step failed, and audits that (FAILURE when the Cognito user
   * is left behind); `user` was created by this call or adopted under the policy.
   *
   * A Cognito user that records name is never deleted. Every record naming it carries its
   * `custom:userId` (provisioning links a user under its own id; recovery only replaces the user of
   * the account with that id), so the user id's provisioning guard decides: one consistent write
   * fences it, refusing the records of every attempt that began before the fence ends (a concurrent
   * request that adopted the same leftover, or this call's own transaction still in flight), and
   * answers which attempt had already committed them. This call's own: its transaction landed and
   * only the answer was lost, so it succeeded (`true`). Another's: the user is theirs and is kept.
   * Neither: nothing can come to name the user while the fence holds, so it is deleted. When the
   * fence cannot be set, nobody can tell, so the user is kept and an alert raised.
   */
  async function rollBack(
    user: IdentityUser,
    userId: string,
    email: string,
    { failedStep, requestedBy, attempt }: { failedStep: string; requestedBy: ActingAdmin; attempt: ProvisioningAttempt },
    cause: unknown,
  ): Promise<boolean> {
    const repair = {
      alert: 'ProvisioningCompensationFailed',
      email,
      userId,
      cognitoUsername: user.username,
      cognitoSub: user.sub,
      failedStep,
      failure: (cause as Error).name,
      repair: 'Call POST /admins again with this email (it completes the admin), or delete the Cognito user.',
    };
    let outcome: 'SUCCESS' | 'FAILURE' = 'SUCCESS';
    try {
      const fencedUntil = new Date(clock().getTime() + ADOPTION_WINDOW_MS).toISOString();
      const { committedBy } = await users.fenceProvisioning(userId, fencedUntil);
      if (committedBy === attempt.attemptId) return true;
      if (committedBy !== undefined) {
        logger.info('provisioning not rolled back: another request completed this admin with the same cognito user', { userId, failedStep });
        return false;
      }
      await identity.deleteUser(user.username);
      logger.warn('provisioning rolled back', { userId, cognitoUsername: user.username, failedStep, failure: repair.failure });
    } catch (compensationError) {
      logger.error('provisioning left a Cognito user without database records', { ...repair, compensationError: compensationError as Error });
      outcome = 'FAILURE';
    }
    await appendAuditRecord(deps, requestedBy, { event: 'ADMIN_PROVISIONING_COMPENSATED', ...byAdmin(requestedBy), userId, outcome, details: { failedStep } });
    return false;
  }

  /**
   * The first attempt's invitation may be days old, so a resumed admin gets a fresh temporary password.
   * The admin already exists by now: a failure here is logged, not reported as a failed provisioning.
   * A failure without a definite answer may still have sent it, so it is audited (outcome `UNKNOWN`).
   */
  async function refreshInvitation(email: string, userId: string, requestedBy: ActingAdmin): Promise<void> {
    try {
      await identity.resendInvitation(email);
    } catch (error) {
      logger.warn('could not re-send the invitation of a resumed admin; POST /admins/resend-invite can', { userId, error: error as Error });
      if (outcomeUncertain(error))
        await appendAuditRecord(deps, requestedBy, { event: 'INVITATION_RESENT', ...byAdmin(requestedBy), userId, outcome: 'UNKNOWN' });
      return;
    }
    await appendAuditRecord(deps, requestedBy, { event: 'INVITATION_RESENT', ...byAdmin(requestedBy), userId });
  }

  return { createAdminUser, createAdminDatabaseRecords, provisionNewAdmin };
}
