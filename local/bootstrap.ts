import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { postAdminsFlows } from '../lambdas/admin/post-admins';
import { postAuthNewPasswordFromEnv } from '../lambdas/composition/post-auth-new-password';
import type { AuditSource, AuditTrail } from '../lambdas/ports/audit-trail';
import { NO_BUSINESS_METRICS } from '../lambdas/ports/business-metrics';
import type { IdentityProvider } from '../lambdas/ports/identity-provider';
import type { UserRepository } from '../lambdas/ports/user-repository';
import { logger } from '../lambdas/shared/logger';
import { randomIds, systemClock } from '../lambdas/shared/runtime';
import { cognitoPermanentPassword } from '../scripts/seed/permanent-password';
import { SAMPLE_PRACTITIONERS, type SeededPractitioner, seedPractitioners } from '../scripts/seed/practitioners';
import { completeMfaSetup } from './mfa-setup';
import type { Outbox } from './outbox';

/** The first admin's sign-in; override with LOCAL_ADMIN_EMAIL / LOCAL_ADMIN_PASSWORD. */
export const FIRST_ADMIN = {
  email: process.env.LOCAL_ADMIN_EMAIL ?? 'admin@example.com',
  password: process.env.LOCAL_ADMIN_PASSWORD ?? 'Local-Admin-Passw0rd!',
} as const;

export interface BootstrapDeps {
  /** The production adapters, configured from the environment like the handlers'. */
  readonly identity: IdentityProvider;
  readonly users: UserRepository;
  readonly audit: AuditTrail;
  readonly cognito: CognitoIdentityProviderClient;
  readonly clientId: string;
  readonly outbox: Outbox;
}

/** A fully set-up admin: password set, TOTP enrolled, in `admins`, with User + AdminInfo records. */
export interface BootstrappedAdmin {
  readonly email: string;
  readonly password: string;
  readonly userId: string;
  /** Base32 TOTP secret: add it to an authenticator app, or `npm run -s local:totp -- <secret>`. */
  readonly totpSecret: string;
}

/** The audit trail attributes the bootstrap's events to it, from this machine. */
const BOOTSTRAP_SOURCE: AuditSource = { sourceIp: '127.0.0.1', userAgent: 'local/bootstrap.ts', correlationId: 'local-bootstrap' };

/**
 * Creates the first admin exactly as an admin would be provisioned and would then sign in for the
 * first time (the same flows as POST /admins and POST /auth/new-password, then MFA setup), since
 * nobody exists yet to call the API.
 */
export async function bootstrapFirstAdmin(deps: BootstrapDeps): Promise<BootstrappedAdmin> {
  const { email, password } = FIRST_ADMIN;
  const { identity, users, audit } = deps;
  const flows = postAdminsFlows({ identity, users, audit, clock: systemClock, newId: randomIds, logger, metrics: NO_BUSINESS_METRICS });
  const admin = await flows.provisionNewAdmin(email, { userId: 'local-bootstrap', sub: 'local-bootstrap', ...BOOTSTRAP_SOURCE });

  const temporaryPassword = (await deps.outbox.after()).find((mail) => mail.to.includes(email))?.temporaryPassword;
  if (!temporaryPassword) throw new Error(`No invitation with a temporary password reached ${email}`);

  const challenge = await postAuthNewPasswordFromEnv().flows.handleNewPasswordChallenge(email, temporaryPassword, password, {
    ...BOOTSTRAP_SOURCE,
    serverName: 'localhost',
    serverPath: '/auth/new-password',
  });
  if (challenge.kind !== 'challenge' || challenge.challengeName !== 'MFA_SETUP') throw new Error('Expected the MFA_SETUP challenge');
  const { secret } = await completeMfaSetup(deps.cognito, { clientId: deps.clientId, username: email, session: challenge.session });
  return { email, password, userId: admin.userId, totpSecret: secret };
}

/** A seeded practitioner who has signed in once and set up an authenticator app. */
export interface BootstrappedPractitioner extends SeededPractitioner {
  /** Base32 TOTP secret, as for the first admin. */
  readonly totpSecret: string;
}

/**
 * Seeds the sample practitioners (scripts/seed/practitioners.ts) with their licenses, then signs each
 * in once: the pool requires MFA, so the first sign-in answers `MFA_SETUP` and enrols a TOTP app,
 * as a real practitioner's would (and MFA recovery has a factor to recover from).
 */
export async function seedSamplePractitioners(
  deps: Pick<BootstrapDeps, 'identity' | 'users' | 'cognito' | 'clientId'> & { readonly userPoolId: string },
): Promise<BootstrappedPractitioner[]> {
  const setPermanentPassword = cognitoPermanentPassword(deps.cognito, deps.userPoolId);
  const seeded = await seedPractitioners(
    { identity: deps.identity, setPermanentPassword, users: deps.users, clock: systemClock, newId: randomIds, logger },
    SAMPLE_PRACTITIONERS,
  );
  return Promise.all(
    seeded.map(async (practitioner) => {
      const fixture = SAMPLE_PRACTITIONERS.find((sample) => sample.email === practitioner.email);
      const signIn = await deps.identity.passwordAuth(practitioner.email, fixture?.password ?? '');
      if (signIn.kind !== 'challenge' || signIn.challengeName !== 'MFA_SETUP') throw new Error(`Expected MFA_SETUP for ${practitioner.email}`);
      const { secret } = await completeMfaSetup(deps.cognito, { clientId: deps.clientId, username: practitioner.email, session: signIn.session });
      return { ...practitioner, totpSecret: secret };
    }),
  );
}
