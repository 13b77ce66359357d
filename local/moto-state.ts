/**
 * Read-only views of moto's internal state, from its `/moto-api/data.json` dump: what no AWS API
 * shows (a user's current password, whether a TOTP app was verified, the emails SES "sent").
 * The dump lists every object ever created, deleted ones included, so callers combine it with the
 * real APIs (e.g. ListUsers) to know what still exists.
 */

/** A Cognito user as moto keeps it. */
export interface MotoCognitoUser {
  /** The user's `sub` (and, in an email-as-username pool, its username). */
  readonly id: string;
  readonly username: string;
  readonly user_pool_id: string;
  /** The current password; `null` when AdminCreateUser was given no TemporaryPassword. */
  readonly password: string | null;
  readonly status: string;
  /** `true` once VerifySoftwareToken accepted a code. */
  readonly token_verified: boolean;
  readonly software_token_mfa_enabled: boolean;
  readonly preferred_mfa_setting: string | null;
  readonly attribute_lookup: Record<string, string>;
}

/** An email SES accepted (v1 SendEmail or v2 SendEmail with simple content). */
export interface MotoSentEmail {
  readonly id: string;
  readonly source: string;
  readonly destinations: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  readonly subject: string;
  /** The HTML part when the message had one, otherwise the text part. */
  readonly body: string;
}

interface ModelDump {
  cognitoidp?: { CognitoIdpUser?: MotoCognitoUser[] };
  ses?: { Message?: MotoSentEmail[] };
}

async function readDump(endpoint: string): Promise<ModelDump> {
  const response = await fetch(`${endpoint}/moto-api/data.json`);
  if (!response.ok) throw new Error(`moto state dump failed with HTTP ${response.status}`);
  return (await response.json()) as ModelDump;
}

/** Every Cognito user moto ever created in `userPoolId` (deleted ones included), oldest first. */
export async function motoCognitoUsers(endpoint: string, userPoolId: string): Promise<MotoCognitoUser[]> {
  const dump = await readDump(endpoint);
  return (dump.cognitoidp?.CognitoIdpUser ?? []).filter((user) => user.user_pool_id === userPoolId);
}

/** Every email SES accepted since moto started, oldest first. */
export async function motoSentEmails(endpoint: string): Promise<MotoSentEmail[]> {
  const dump = await readDump(endpoint);
  return dump.ses?.Message ?? [];
}

/** All recipients of a sent email. */
export function recipientsOf(email: MotoSentEmail): string[] {
  const { ToAddresses = [], CcAddresses = [], BccAddresses = [] } = email.destinations;
  return [...ToAddresses, ...CcAddresses, ...BccAddresses];
}
