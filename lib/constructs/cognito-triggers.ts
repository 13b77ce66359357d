import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { COGNITO_TRIGGERS } from '../cognito-triggers';
import type { TableAccess } from '../routes';
import { ApiFunction } from './api-function';
import type { AuditTable } from './database';

export interface CognitoTriggersProps {
  readonly table: dynamodb.ITableV2;
  /** Where a password reset's record goes (in the same transaction as the User's update). */
  readonly auditTable: AuditTable;
}

/**
 * Cognito waits this long for a trigger and then retries or fails the call (developer guide, "Things
 * to know about Lambda triggers": a function must answer within 5 seconds, a value that cannot be
 * changed); a longer function timeout would only run on after Cognito has given up.
 */
export const TRIGGER_TIMEOUT = Duration.seconds(5);

/** Each writing trigger's main-table access: one conditional UpdateItem on a user's items (the User; an admin's AdminInfo). */
const USER_ITEM_UPDATE: TableAccess = { actions: ['dynamodb:UpdateItem'], partitions: ['user'] };

/**
 * The user pool's Lambda triggers (lib/cognito-triggers.ts), each its own function with its own role, log group and exactly
 * the calls it makes (lib/table-access.ts): they are not API routes. `Identity.attachTriggers`
 * attaches them to the pool.
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
    const { table, auditTable } = props;

    this.postConfirmation = new ApiFunction(this, 'CognitoPostConfirmationFunction', {
      handlerFile: COGNITO_TRIGGERS.PostConfirmation,
      description: 'Cognito post confirmation: record a password reset by email (starts the MFA recovery cooling-off)',
      timeout: TRIGGER_TIMEOUT,
      environment: { TABLE_NAME: table.tableName, AUDIT_TABLE_NAME: auditTable.tableName, AUDIT_RETENTION_DAYS: String(auditTable.retentionDays) },
    }).allowTable(table.tableArn, USER_ITEM_UPDATE);
    auditTable.grantAppend(this.postConfirmation);

    this.postAuthentication = new ApiFunction(this, 'CognitoPostAuthenticationFunction', {
      handlerFile: COGNITO_TRIGGERS.PostAuthentication,
      description: "Cognito post authentication: record an admin's sign-in on their AdminInfo",
      timeout: TRIGGER_TIMEOUT,
      environment: { TABLE_NAME: table.tableName },
    }).allowTable(table.tableArn, USER_ITEM_UPDATE);

    this.preTokenGeneration = new ApiFunction(this, 'CognitoPreTokenGenerationFunction', {
      handlerFile: COGNITO_TRIGGERS.PreTokenGenerationConfig,
      description: 'Cognito pre token generation (V2_0): suppress aws.cognito.signin.user.admin in access tokens',
      timeout: TRIGGER_TIMEOUT,
      environment: {},
    });
  }

  /** Every trigger function, for the alarms. */
  get functions(): ApiFunction[] {
    return [this.postConfirmation, this.postAuthentication, this.preTokenGeneration];
  }
}
