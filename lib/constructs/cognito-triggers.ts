import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CognitoTrigger, TriggerFunction } from '../cognito-triggers';
import { pascalCase } from '../routes';
import { ApiFunction } from './api-function';

export interface CognitoTriggersProps {
  /** The trigger manifest (lib/cognito-triggers.ts). */
  readonly triggers: Readonly<Record<CognitoTrigger, TriggerFunction>>;
  /** A trigger function's whole environment (lib/function-environment.ts). */
  readonly environment: (trigger: TriggerFunction) => Record<string, string>;
  /** Adds what the trigger's entry grants to its role (lib/function-grants.ts), as for a route's function. */
  readonly grant: (fn: ApiFunction, trigger: TriggerFunction) => void;
}

/**
 * Cognito waits this long for a trigger and then retries or fails the call (developer guide, "Things
 * to know about Lambda triggers": a function must answer within 5 seconds, a value that cannot be
 * changed); a longer function timeout would only run on after Cognito has given up.
 */
export const TRIGGER_TIMEOUT = Duration.seconds(5);

/**
 * The user pool's Lambda triggers (lib/cognito-triggers.ts), each its own function with its own role,
 * log group and exactly the calls its manifest entry declares: they are not API routes.
 * `Identity.attachTriggers` attaches them to the pool.
 * - postConfirmation: records an email-based password reset (PostConfirmation_ConfirmForgotPassword)
 *   on the User, with its audit record: the cooling-off of self-serve MFA recovery starts there;
 * - postAuthentication: records an admin's sign-in on their AdminInfo (GET /admins reads it);
 * - preTokenGeneration (V2_0 event): takes the self-service scope out of every access token.
 */
export class CognitoTriggers extends Construct {
  readonly postConfirmation: ApiFunction;
  readonly postAuthentication: ApiFunction;
  readonly preTokenGeneration: ApiFunction;

  constructor(scope: Construct, id: string, props: CognitoTriggersProps) {
    super(scope, id);
    const triggerFunction = (trigger: TriggerFunction) => {
      const fn = new ApiFunction(this, `${pascalCase(trigger.name)}Function`, {
        handlerFile: trigger.name,
        description: trigger.description,
        timeout: TRIGGER_TIMEOUT,
        environment: props.environment(trigger),
      });
      props.grant(fn, trigger);
      return fn;
    };
    this.postConfirmation = triggerFunction(props.triggers.PostConfirmation);
    this.postAuthentication = triggerFunction(props.triggers.PostAuthentication);
    this.preTokenGeneration = triggerFunction(props.triggers.PreTokenGenerationConfig);
  }

  /** Every trigger function, for the alarms. */
  get functions(): ApiFunction[] {
    return [this.postConfirmation, this.postAuthentication, this.preTokenGeneration];
  }
}
