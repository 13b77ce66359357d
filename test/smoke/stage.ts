import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** An email a stage's inbox received: the local outbox, or a deployed stage's SES receipt bucket. */
export interface StageEmail {
  readonly to: readonly string[];
  readonly subject: string;
  /** The HTML part when there is one, else the text. */
  readonly body: string;
}

/** A person who can sign in: password, and the base32 secret of their authenticator app. */
export interface StageAdmin {
  readonly email: string;
  readonly password: string;
  readonly totpSecret: string;
}

/**
 * What the operator running the suite holds: clients with their own AWS credentials, for seeding a
 * practitioner (no route creates one) and for cleaning up. The scenarios never use them to act
 * on the product.
 */
export interface StageOperator {
  readonly cognito: CognitoIdentityProviderClient;
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * Where the smoke scenarios run: the local API in `npm test`, or a deployed stack in
 * `npm run test:deployed`. The scenarios speak only HTTPS/HTTP to the API and Cognito's public API
 * (as the web app does); the stage supplies what a person would have (a mailbox, an admin account)
 * and what the run must clean up.
 */
export interface Stage {
  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly userPoolId: string;
  /** The public web client (SRP sign-in, MFA set-up), as the web app uses it. */
  readonly webClientId: string;
  /** Cognito's public API: no AWS credentials are needed for the calls the scenarios make on it. */
  readonly cognito: CognitoIdentityProviderClient;
  /** An admin who exists before the run (the scenarios act as them). */
  readonly admin: StageAdmin;
  /** How long an email may take to arrive. */
  readonly emailWaitMs: number;
  /** A new address at a mailbox this stage can read. */
  newAddress(label: string): string;
  /** The emails addressed to `address`, oldest first. */
  emailsTo(address: string): Promise<StageEmail[]>;
  readonly operator: StageOperator;
}
