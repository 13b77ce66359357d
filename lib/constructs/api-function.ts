import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { functionTimeoutSeconds } from '../function-timeouts';
import { acknowledgeNag } from '../nag';
import type { TableAccess } from '../routes';
import { leadingKeysCondition } from '../table-access';

/** Where the handler entry files live: `lambdas/handlers/<handler>.ts`. */
export const HANDLERS_DIR = path.join(__dirname, '..', '..', 'lambdas', 'handlers');

/**
 * esbuild options shared by CDK and the benchmark (bench/ bundles exactly what CDK ships).
 * The SDK v3 is bundled, not taken from the runtime: pinned versions, and tree-shaking keeps only
 * the commands each handler imports.
 */
export const BUNDLING = {
  minify: true,
  sourceMap: false,
  target: 'node22',
  format: OutputFormat.CJS,
  mainFields: ['module', 'main'],
  externalModules: [] as string[],
} as const;

export interface ApiFunctionProps {
  /** Handler file name in lambdas/handlers, without extension (e.g. "post-admins"). */
  readonly handlerFile: string;
  readonly description: string;
  /** Its whole environment (lib/function-environment.ts). */
  readonly environment: Record<string, string>;
  /** Log retention; defaults to one month. */
  readonly logRetention?: logs.RetentionDays;
  /** A minimum response time the handler holds (added to its timeout). */
  readonly responseFloorMs?: number;
  /** Instead of the timeout derived from the handler's AWS calls (lib/function-timeouts.ts): a caller's own limit (Cognito triggers). */
  readonly timeout?: Duration;
}

/**
 * One API handler: Node.js 22 on arm64, bundled locally by esbuild (no Docker), with its own
 * log group (retention set) and a role that may only write to that log group until the stack
 * grants exactly the AWS actions the handler calls.
 */
export class ApiFunction extends NodejsFunction {
  readonly logGroupRef: logs.LogGroup;
  /** The handler file this function runs (lambdas/handlers/<handlerFile>.ts); routes refer to it. */
  readonly handlerFile: string;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole (logs:* on every log group): this
    // function may write to its own log group and nothing else until granted more.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    super(scope, id, {
      role,
      entry: path.join(HANDLERS_DIR, `${props.handlerFile}.ts`),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(functionTimeoutSeconds(props.handlerFile, props.responseFloorMs)),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: props.environment,
      bundling: { ...BUNDLING, mainFields: [...BUNDLING.mainFields], externalModules: [...BUNDLING.externalModules] },
    });
    this.logGroupRef = logGroup;
    this.handlerFile = props.handlerFile;
    acknowledgeNag(
      this,
      'AwsSolutions-L1',
      'The runtime is pinned to Node.js 22 on purpose: it is the version the code is built, bundled and tested for; moving to a newer runtime is a deliberate, tested change.',
    );
  }

  /** Allows exactly `actions` (e.g. "cognito-idp:AdminCreateUser") on exactly `resourceArns`. */
  allow(actions: string[], resourceArns: string[]): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions, resources: resourceArns }));
    return this;
  }

  /** Allows SendEmail from `senderEmail` only: on its domain's SES identity, with `ses:FromAddress` pinned. */
  allowSendingFrom(senderEmail: string): this {
    const domain = senderEmail.split('@')[1];
    if (!domain) throw new Error(`senderEmail must be an email address, got "${senderEmail}"`);
    // The domain identity in this stack's account and region (no account is hard-coded).
    const identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: domain });
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn], conditions: { StringEquals: { 'ses:FromAddress': senderEmail } } }),
    );
    return this;
  }

  /** Allows `access.actions` on `tableArn`, only on the partition-key kinds `access.partitions`. */
  allowTable(tableArn: string, access: TableAccess): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: [...access.actions], resources: [tableArn], conditions: leadingKeysCondition(access.partitions) }));
    return this;
  }
}
