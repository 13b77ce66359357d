import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ADMINS_GROUP, USER_ID_ATTRIBUTE_NAME } from '../../lambdas/shared/identity-settings';
import { INVITATION_MESSAGE, PASSWORD_POLICY, TOKEN_VALIDITY, USER_WRITABLE_ATTRIBUTES } from '../user-pool-settings';

/**
 * The Cognito side: a user pool where the email is the (case-insensitive) username, MFA (TOTP) is
 * required, nobody signs themselves up, and each user carries our permanent id in the immutable
 * `custom:userId` attribute; the backend's app client; and the `admins` group.
 */
export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

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

    this.client = this.userPool.addClient('BackendClient', {
      generateSecret: false,
      // ADMIN_USER_PASSWORD_AUTH for the backend's server-side flows; SRP for the frontend's sign-in.
      authFlows: { adminUserPassword: true, userSrp: true },
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
    });

    new cognito.CfnUserPoolGroup(this, 'AdminsGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMINS_GROUP,
      description: 'May provision admins and re-send their invitations.',
    });
  }
}
