import { randomInt } from 'node:crypto';
import {
  AdminDeleteUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD_POLICY } from '../lib/user-pool-settings';
import { motoCognitoUsers } from './moto-state';

/**
 * What Cognito does on its own that moto 5.2.1 does not, done from outside against moto's state.
 * Nothing here is in the production code: the handlers call exactly the APIs they call in AWS.
 *
 * - Invitations: Cognito generates a temporary password and emails it when AdminCreateUser gets no
 *   TemporaryPassword; moto stores no password at all (nobody could ever sign in) and sends nothing.
 *   Here: set a policy-compliant temporary password (AdminSetUserPassword, not permanent) and report
 *   the invitation email.
 * - RESEND: Cognito gives the pending user a new temporary password and emails it; moto instead
 *   creates a second user with the same email. Here: delete that duplicate, and give the original a
 *   new temporary password if it is still pending. (Cognito refuses RESEND for a user who already set
 *   a password; moto answers success, so locally that request answers 202 where AWS answers 409.)
 * - TOTP enrolment: after MFA_SETUP Cognito enables TOTP for the user, so later sign-ins ask for a
 *   code; moto only marks the token verified. Here: AdminSetUserMFAPreference(TOTP enabled, preferred).
 */

/** The email Cognito would send for a new or re-sent invitation. */
export interface Invitation {
  readonly email: string;
  readonly temporaryPassword: string;
}

export interface CognitoEmulationDeps {
  readonly cognito: CognitoIdentityProviderClient;
  readonly endpoint: string;
  readonly userPoolId: string;
}

export class CognitoEmulation {
  /** `sub`s of the users already invited, so each is invited once (recreated users get a new `sub`). */
  private readonly invited = new Set<string>();

  constructor(private readonly deps: CognitoEmulationDeps) {}

  /** Brings moto's state to what Cognito would have after the calls made so far; returns the invitations to deliver. */
  async sync(): Promise<Invitation[]> {
    const [users, internals] = await Promise.all([this.listUsers(), motoCognitoUsers(this.deps.endpoint, this.deps.userPoolId)]);
    const byId = new Map(internals.map((user) => [user.id, user]));
    const invitations: Invitation[] = [];
    const originals = new Map<string, UserType>();

    // ListUsers returns moto's users in creation order, so the first user with an email is the real one.
    for (const user of users) {
      const email = attribute(user, 'email')?.toLowerCase();
      const sub = attribute(user, 'sub');
      const internal = sub === undefined ? undefined : byId.get(sub);
      if (!email || !sub || !internal) continue;

      const original = originals.get(email);
      if (original) {
        invitations.push(...(await this.replayResend(user, original)));
        continue;
      }
      originals.set(email, user);

      if (user.UserStatus === 'FORCE_CHANGE_PASSWORD' && !this.invited.has(sub)) {
        this.invited.add(sub);
        const temporaryPassword = internal.password ?? (await this.issueTemporaryPassword(user));
        invitations.push({ email, temporaryPassword });
      }
      if (internal.token_verified && !internal.software_token_mfa_enabled) await this.enableTotp(user);
    }
    return invitations;
  }

  /** moto's RESEND made `duplicate`: remove it, and re-invite the original if it still has a temporary password. */
  private async replayResend(duplicate: UserType, original: UserType): Promise<Invitation[]> {
    const { cognito, userPoolId } = this.deps;
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: duplicate.Username }));
    if (original.UserStatus !== 'FORCE_CHANGE_PASSWORD') return [];
    return [{ email: attribute(original, 'email') as string, temporaryPassword: await this.issueTemporaryPassword(original) }];
  }

  private async issueTemporaryPassword(user: UserType): Promise<string> {
    const temporaryPassword = generateTemporaryPassword();
    await this.deps.cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: this.deps.userPoolId, Username: user.Username, Password: temporaryPassword, Permanent: false }),
    );
    return temporaryPassword;
  }

  private async enableTotp(user: UserType): Promise<void> {
    await this.deps.cognito.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: this.deps.userPoolId,
        Username: user.Username,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
  }

  private async listUsers(): Promise<UserType[]> {
    const users: UserType[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await this.deps.cognito.send(new ListUsersCommand({ UserPoolId: this.deps.userPoolId, PaginationToken }));
      users.push(...(page.Users ?? []));
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    return users;
  }
}

function attribute(user: UserType, name: string): string | undefined {
  return user.Attributes?.find((item) => item.Name === name)?.Value;
}

const CHARACTER_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@'];

/** A temporary password like Cognito's: one character of every class the policy requires, then random ones, shuffled. */
export function generateTemporaryPassword(length = Math.max(PASSWORD_POLICY.minLength, 16)): string {
  const pick = (chars: string) => chars[randomInt(chars.length)];
  const all = CHARACTER_CLASSES.join('');
  const chars = [...CHARACTER_CLASSES.map(pick), ...Array.from({ length: length - CHARACTER_CLASSES.length }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
