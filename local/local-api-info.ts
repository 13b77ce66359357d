import type { LocalResources } from './aws-resources';
import type { BootstrappedAdmin } from './bootstrap';

/** What a running local API tells its starter (printed by `npm start`, sent to the end-to-end tests' global setup). */
export interface LocalApiInfo extends LocalResources {
  readonly apiUrl: string;
  /** moto's endpoint: Cognito's public APIs (MFA setup) and state inspection go here. */
  readonly emulatorEndpoint: string;
  readonly region: string;
  readonly admin: BootstrappedAdmin;
  readonly practitioners: readonly { readonly email: string; readonly userId: string }[];
}
