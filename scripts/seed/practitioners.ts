import { adoptOnCreateConflict } from '../../lambdas/identity/adoption-policy';
import { normalizeLicense } from '../../lambdas/mfa-recovery/license';
import { NO_BUSINESS_METRICS } from '../../lambdas/ports/business-metrics';
import type { IdentityProvider, IdentityUser } from '../../lambdas/ports/identity-provider';
import type { LicenseIdentity } from '../../lambdas/ports/license-repository';
import type { UserRepository } from '../../lambdas/ports/user-repository';
import { UserAlreadyExistsError } from '../../lambdas/shared/errors';
import type { AppLogger } from '../../lambdas/shared/logger';
import type { Clock, IdGenerator } from '../../lambdas/shared/runtime';
import type { SetPermanentPassword } from './permanent-password';

/** A practitioner to create: a confirmed Cognito user with a permanent password, and its User + License records. */
export interface PractitionerFixture {
  readonly email: string;
  /** Permanent password (fixtures only; must meet the pool's policy). */
  readonly password: string;
  readonly licenses: readonly LicenseIdentity[];
  /** Fixed database id, for tests that need to know it; a new UUID otherwise. */
  readonly userId?: string;
}

export interface SeededPractitioner {
  readonly email: string;
  readonly userId: string;
  /** `existing`: the email already had a database user, which was left untouched. */
  readonly result: 'created' | 'existing';
}

export interface SeedDeps {
  readonly identity: Pick<IdentityProvider, 'createUser' | 'findUser'>;
  /** Seeding's own Cognito call (scripts/seed/permanent-password.ts), not a production port's. */
  readonly setPermanentPassword: SetPermanentPassword;
  readonly users: Pick<UserRepository, 'findUserIdByEmail' | 'findUser' | 'createPractitioner'>;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly logger: AppLogger;
}

/** Sample practitioners for local runs and tests (example.com addresses, invented licenses). */
export const SAMPLE_PRACTITIONERS: readonly PractitionerFixture[] = [
  {
    email: 'ada.nurse@example.com',
    password: 'Sample-Passw0rd-Ada!',
    licenses: [{ jurisdiction: 'CA', licenseType: 'RN', licenseNumber: '95123456', dateOfBirth: '1985-04-12' }],
  },
  {
    email: 'grace.doctor@example.com',
    password: 'Sample-Passw0rd-Grace!',
    licenses: [
      { jurisdiction: 'NY', licenseType: 'MD', licenseNumber: '301234', dateOfBirth: '1979-11-03' },
      { jurisdiction: 'NJ', licenseType: 'MD', licenseNumber: '25MA09876', dateOfBirth: '1979-11-03' },
    ],
  },
];

/**
 * Creates each practitioner that does not exist yet: the Cognito user (invitation suppressed, then a
 * permanent password, so sign-in answers with MFA_SETUP or an MFA challenge like a real account),
 * then the User, its normalized License records and the email claim in one transaction. Idempotent:
 * existing users are skipped. An existing Cognito user is only continued with under the adoption
 * policy (lambdas/identity/adoption-policy.ts): a run interrupted before the password was set is
 * completed by the next; one interrupted after it (a CONFIRMED user without records) is refused
 * with a 409 like any other user that has a password, and must be deleted by hand.
 */
export async function seedPractitioners(deps: SeedDeps, fixtures: readonly PractitionerFixture[]): Promise<SeededPractitioner[]> {
  const seeded: SeededPractitioner[] = [];
  for (const fixture of fixtures) seeded.push(await seedOne(deps, fixture));
  return seeded;
}

async function seedOne(deps: SeedDeps, fixture: PractitionerFixture): Promise<SeededPractitioner> {
  const { users, clock, newId } = deps;
  const email = fixture.email.trim().toLowerCase();
  const existingId = await users.findUserIdByEmail(email);
  if (existingId !== undefined) return { email, userId: existingId, result: 'existing' };

  const cognitoUser = await createOrAdopt(deps, email, fixture.userId ?? newId());
  const userId = cognitoUser.userId as string;
  await deps.setPermanentPassword(cognitoUser.username, fixture.password);
  const now = clock().toISOString();
  await users.createPractitioner(
    { userId, email, role: 'practitioner', cognitoUsername: cognitoUser.username, cognitoSub: cognitoUser.sub, createdAt: now, updatedAt: now },
    fixture.licenses.map((license) => ({ ...normalizeLicense(license), userId, createdAt: now })),
  );
  return { email, userId, result: 'created' };
}

async function createOrAdopt(deps: SeedDeps, email: string, userId: string): Promise<IdentityUser> {
  try {
    return await deps.identity.createUser({ email, userId, suppressInvitation: true });
  } catch (error) {
    if (!(error instanceof UserAlreadyExistsError)) throw error;
    return (await adoptOnCreateConflict({ ...deps, metrics: NO_BUSINESS_METRICS }, { email, createdUserId: userId }, error)).user;
  }
}
