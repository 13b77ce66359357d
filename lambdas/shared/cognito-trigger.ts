import type { Context } from 'aws-lambda';
import type { BaseTriggerEvent } from 'aws-lambda/trigger/cognito-user-pool-trigger/_common';
import type { AuditSource } from '../ports/audit-trail';
import { logger } from './logger';

/** The audit source of a trigger invocation: Cognito does not tell a trigger the caller's IP. */
export interface TriggerContext extends AuditSource {}

export type CognitoTriggerHandler<E> = (event: E, context?: Context) => Promise<E>;

/**
 * Builds a Cognito user-pool trigger around one flow: every invocation logs its correlation id (the
 * Lambda request id), trigger source and outcome, and answers the event it got (with whatever
 * `run` set in its `response`), as Cognito expects. What a failure of `run` means is the flow's
 * decision: if it throws, Cognito fails the API call that invoked the trigger.
 */
export function cognitoTrigger<E extends BaseTriggerEvent<string>>(
  name: string,
  run: (event: E, context: TriggerContext) => Promise<void>,
): CognitoTriggerHandler<E> {
  return async (event, context) => {
    const started = Date.now();
    const correlationId = context?.awsRequestId ?? 'unknown';
    if (context) logger.addContext(context);
    logger.appendKeys({ correlation_id: correlationId, trigger: name, trigger_source: event.triggerSource });
    try {
      await run(event, { sourceIp: 'unknown', correlationId });
    } catch (error) {
      logger.error('trigger failed', { error: error as Error, durationMs: Date.now() - started });
      throw error;
    }
    logger.info('trigger completed', { durationMs: Date.now() - started });
    return event;
  };
}
