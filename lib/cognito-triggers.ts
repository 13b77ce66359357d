import type { EnvName, FunctionDeclaration, FunctionGrants, TableAccess } from './routes';

/**
 * The user pool's Lambda triggers, the trigger manifest: which `LambdaConfig` entry runs which
 * function, and what each function may call and read (lambdas/handlers/<name>.ts; its
 * `handler(event)` answers the event). They are functions, not API routes: the stack builds each
 * one's role and environment from its entry here exactly as it does a route's from lib/routes.ts
 * (lib/constructs/cognito-triggers.ts, attached by `Identity.attachTriggers`); the unit IAM check
 * holds their calls to the synthesized roles; the local API runs each in its own worker as its own
 * role (local/cognito-triggers.ts), and test/infra/local-parity.test.ts holds the two pools'
 * LambdaConfig against each other.
 */

/**
 * A trigger may not be granted anything on the user pool: the pool names the trigger's function in
 * its LambdaConfig, so a role naming the pool's ARN would make the template circular.
 */
export type TriggerGrants = Omit<FunctionGrants, 'cognito'>;

export interface TriggerFunction extends FunctionDeclaration {
  /** The function's name: its handler is lambdas/handlers/<name>.ts (export `handler`), its construct id `<PascalName>Function`. */
  readonly name: string;
  readonly grants: TriggerGrants;
}

/** Each writing trigger's main-table access: one conditional UpdateItem on a user's items (the User; an admin's AdminInfo). */
const USER_ITEM_UPDATE: TableAccess = { actions: ['dynamodb:UpdateItem'], partitions: ['user'] };

const AUDIT_ENV = ['AUDIT_TABLE_NAME', 'AUDIT_RETENTION_DAYS'] as const satisfies readonly EnvName[];

export const COGNITO_TRIGGERS = {
  /** PostConfirmation_ConfirmForgotPassword: records an email-based password reset, with its audit record, in one transaction. */
  PostConfirmation: {
    name: 'cognito-post-confirmation',
    description: 'Cognito post confirmation: record a password reset by email (starts the MFA recovery cooling-off)',
    grants: { table: USER_ITEM_UPDATE, audit: 'append' },
    env: ['TABLE_NAME', ...AUDIT_ENV],
  },
  /** Records every user's sign-in on their User (the recent-sign-in fact) and an admin's on their AdminInfo too. */
  PostAuthentication: {
    name: 'cognito-post-authentication',
    description: "Cognito post authentication: record a sign-in on the User (every user) and an admin's AdminInfo",
    grants: { table: USER_ITEM_UPDATE },
    env: ['TABLE_NAME'],
  },
  /** V2_0 event: suppresses the self-service scope in access tokens; calls nothing. */
  PreTokenGenerationConfig: {
    name: 'cognito-pre-token-generation',
    description: 'Cognito pre token generation (V2_0): suppress aws.cognito.signin.user.admin in access tokens',
    grants: {},
    env: [],
  },
} as const satisfies Record<string, TriggerFunction>;

export type CognitoTrigger = keyof typeof COGNITO_TRIGGERS;

/** Every trigger's function. */
export const TRIGGER_FUNCTIONS: readonly TriggerFunction[] = Object.values(COGNITO_TRIGGERS);

/** The pre-token-generation event version: V2_0 may change access tokens (Essentials or Plus feature plan). */
export const PRE_TOKEN_GENERATION_EVENT_VERSION = 'V2_0' as const;

/** The pool's `LambdaConfig` (CreateUserPool / AWS::Cognito::UserPool), with each handler's function ARN from `arnOf`. */
export function lambdaConfig(arnOf: (functionName: string) => string) {
  return {
    PostConfirmation: arnOf(COGNITO_TRIGGERS.PostConfirmation.name),
    PostAuthentication: arnOf(COGNITO_TRIGGERS.PostAuthentication.name),
    PreTokenGenerationConfig: {
      LambdaArn: arnOf(COGNITO_TRIGGERS.PreTokenGenerationConfig.name),
      LambdaVersion: PRE_TOKEN_GENERATION_EVENT_VERSION,
    },
  };
}
