import type { LocalResources } from './aws-resources';
import type { BootstrappedAdmin } from './bootstrap';

/** What a running local API tells its starter (printed by `npm start`, sent to the end-to-end tests' global setup). */
export interface LocalApiInfo extends LocalResources {
  readonly apiUrl: string;
  /** moto's endpoint: Cognito's public APIs (MFA setup, SRP sign-in), state inspection and the outbox (`/moto-plugin/outbox`). */
  readonly emulatorEndpoint: string;
  readonly region: string;
  readonly admin: BootstrappedAdmin;
  readonly practitioners: readonly { readonly email: string; readonly userId: string; readonly totpSecret: string }[];
}

/**
 * The shell variables the walkthrough (local/README.md) uses: the endpoints, the app client, and each TOTP
 * secret (`ADMIN_TOTP_SECRET`, and e.g. `GRACE_TOTP_SECRET` for grace.doctor@example.com).
 */
export function walkthroughExports(info: LocalApiInfo): Record<string, string> {
  return {
    API: info.apiUrl,
    COGNITO: info.emulatorEndpoint,
    CLIENT_ID: info.clientId,
    ADMIN_TOTP_SECRET: info.admin.totpSecret,
    ...Object.fromEntries(info.practitioners.map(({ email, totpSecret }) => [`${email.split(/[.@]/)[0].toUpperCase()}_TOTP_SECRET`, totpSecret])),
  };
}
