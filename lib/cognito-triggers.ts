/**
 * The user pool's Lambda triggers: which `LambdaConfig` entry runs which handler (lambdas/handlers/
 * <handlerFile>.ts; its `handler(event)` answers the event). They are functions, not API routes. The
 * stack (lib/constructs/cognito-triggers.ts, attached by `Identity.attachTriggers`) and the local
 * bootstrap (local/aws-resources.ts, served by local/cognito-triggers.ts) both read this list, and
 * test/infra/local-parity.test.ts holds the two pools' LambdaConfig against each other.
 */
export const COGNITO_TRIGGERS = {
  /** PostConfirmation_ConfirmForgotPassword: records an email-based password reset. */
  PostConfirmation: 'cognito-post-confirmation',
  /** Records an admin's sign-in on their AdminInfo. */
  PostAuthentication: 'cognito-post-authentication',
  /** V2_0 event: suppresses the self-service scope in access tokens. */
  PreTokenGenerationConfig: 'cognito-pre-token-generation',
} as const;

export type CognitoTrigger = keyof typeof COGNITO_TRIGGERS;

/** The pre-token-generation event version: V2_0 may change access tokens (Essentials or Plus feature plan). */
export const PRE_TOKEN_GENERATION_EVENT_VERSION = 'V2_0' as const;

/** The pool's `LambdaConfig` (CreateUserPool / AWS::Cognito::UserPool), with each handler's function ARN from `arnOf`. */
export function lambdaConfig(arnOf: (handlerFile: string) => string) {
  return {
    PostConfirmation: arnOf(COGNITO_TRIGGERS.PostConfirmation),
    PostAuthentication: arnOf(COGNITO_TRIGGERS.PostAuthentication),
    PreTokenGenerationConfig: { LambdaArn: arnOf(COGNITO_TRIGGERS.PreTokenGenerationConfig), LambdaVersion: PRE_TOKEN_GENERATION_EVENT_VERSION },
  };
}
