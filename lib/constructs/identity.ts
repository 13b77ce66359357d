import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ADMINS_GROUP, USER_ID_ATTRIBUTE_NAME } from '../../lambdas/shared/identity-settings';
import { INVITATION_MESSAGE, PASSWORD_POLICY, TOKEN_VALIDITY, USER_WRITABLE_ATTRIBUTES, WEB_READABLE_ATTRIBUTES } from '../user-pool-settings';

/**
 * The Cognito side: a user pool where the email is the (case-insensitive) username, MFA (TOTP) is
 * required, nobody signs themselves up, and each user carries our permanent id in the immutable
 * `custom:userId` attribute; the backend's app client, the web app's public client, and the `admins` group.
 */
export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  /** The backend's client (ADMIN_USER_PASSWORD_AUTH), used by the Lambda functions only. */
  readonly client: cognito.UserPoolClient;
  /** The web app's public client (SRP, no secret). */
  readonly webClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [USER_ID_ATTRIBUTE_NAME]: new cognito.StringAttribute({ mutable: false, minLen: 1, maxLen: 64 }),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: PASSWORD_POLICY.minLength,
        requireLowercase: PASSWORD_POLICY.requireLowercase,
        requireUppercase: PASSWORD_POLICY.requireUppercase,
        requireDigits: PASSWORD_POLICY.requireDigits,
        requireSymbols: PASSWORD_POLICY.requireSymbols,
        tempPasswordValidity: Duration.days(PASSWORD_POLICY.tempPasswordValidityDays),
      },
      userInvitation: { emailSubject: INVITATION_MESSAGE.subject, emailBody: INVITATION_MESSAGE.body },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Threat protection (Plus tier): Cognito blocks sign-ins it scores as compromised-credential
      // or high-risk, which matters most on a pool whose recovery flow verifies passwords.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const shared: cognito.UserPoolClientOptions = {
      generateSecret: false,
      preventUserExistenceErrors: true,
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        givenName: USER_WRITABLE_ATTRIBUTES.includes('given_name'),
        familyName: USER_WRITABLE_ATTRIBUTES.includes('family_name'),
        locale: USER_WRITABLE_ATTRIBUTES.includes('locale'),
      }),
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(TOKEN_VALIDITY.accessTokenMinutes),
      idTokenValidity: Duration.minutes(TOKEN_VALIDITY.idTokenMinutes),
      refreshTokenValidity: Duration.days(TOKEN_VALIDITY.refreshTokenDays),
    };
    // ADMIN_USER_PASSWORD_AUTH for the backend's server-side flows only (it needs IAM credentials).
    // No OAuth at all: CDK would otherwise add the code and implicit grants, a callback URL and the
    // aws.cognito.signin.user.admin scope, none of which this client's admin flows use.
    this.client = this.userPool.addClient('BackendClient', { ...shared, authFlows: { adminUserPassword: true }, disableOAuth: true });
    // The browser's own public client: SRP only, so a password never leaves the browser, and no secret (a
    // web page cannot keep one). Browser sign-ins never use the backend's client. No OAuth either: the app
    // signs in with Amplify Auth's SRP API, never through the hosted UI or a redirect.
    this.webClient = this.userPool.addClient('WebClient', {
      ...shared,
      authFlows: { userSrp: true },
      disableOAuth: true,
      // The app shows who is signed in; the admin routes need our user id (custom:userId) in its ID token.
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: WEB_READABLE_ATTRIBUTES.includes('email'), emailVerified: WEB_READABLE_ATTRIBUTES.includes('email_verified') })
        .withCustomAttributes(...WEB_READABLE_ATTRIBUTES.filter((name) => name.startsWith('custom:'))),
    });

    new cognito.CfnUserPoolGroup(this, 'AdminsGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMINS_GROUP,
      description: 'May provision admins and re-send their invitations.',
    });
  }

  /**
   * Attaches the pool's Lambda triggers (lib/constructs/cognito-triggers.ts); CDK grants Cognito, for
   * this pool only, the right to invoke each. Pre token generation gets the V2_0 event, the one that
   * may change access tokens (Essentials or Plus feature plan; this pool is on Plus).
   */
  attachTriggers(triggers: { postConfirmation: lambda.IFunction; postAuthentication: lambda.IFunction; preTokenGeneration: lambda.IFunction }): void {
    this.userPool.addTrigger(cognito.UserPoolOperation.POST_CONFIRMATION, triggers.postConfirmation);
    this.userPool.addTrigger(cognito.UserPoolOperation.POST_AUTHENTICATION, triggers.postAuthentication);
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, triggers.preTokenGeneration, cognito.LambdaVersion.V2_0);
  }
}
