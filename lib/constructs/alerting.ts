import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AUDIT_RECORD_CHANGED_ALERT } from '../../lambdas/audit/archive-audit-trail';
import type { AuditArchive } from './audit-archive';

/** A function of ours: its metrics, and the log group its records go to. */
export type WatchedFunction = lambda.IFunction & { readonly logGroupRef: logs.ILogGroup };

export interface AlertingProps {
  /** Who is emailed every alarm (SNS asks them to confirm the subscription first); nobody without it. */
  readonly alarmEmail?: string;
}

/** Where the functions' business metrics (POWERTOOLS_METRICS_NAMESPACE) and the alert-record count go. */
export const METRICS_NAMESPACE = 'AccountLifecycle';

/** Every alarm looks at one 5-minute period; no data is no incident. */
const PERIOD = Duration.minutes(5);
/** The API's share of 5xx answers in a period that raises the alarm. */
export const API_5XX_RATE_THRESHOLD = 0.05;
/**
 * How far the audit archiver may lag behind the audit table's stream before a person looks: records
 * leave the stream after 24 hours, and one not archived by then is copied from the table by hand.
 */
export const AUDIT_ARCHIVE_MAX_LAG = Duration.hours(1);

/**
 * Alarms that reach a person: one SNS topic, encrypted with a key of our own (CloudWatch cannot
 * publish to a topic under the AWS-managed aws/sns key, whose policy cannot grant it the key),
 * reachable only over TLS, with an optional email subscription. Every alarm of the stack is made
 * here and notifies the topic.
 */
export class Alerting extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertingProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    // CloudWatch may use the key and the topic only on behalf of this account's alarms in this region.
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new kms.Key(this, 'TopicKey', { description: 'Encrypts the alarm topic', enableKeyRotation: true });
    key.addToResourcePolicy(
      new iam.PolicyStatement({ principals: [cloudWatch], actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: ['*'], conditions: fromOurAlarms }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'account-lifecycle alarms', masterKey: key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({ principals: [cloudWatch], actions: ['sns:Publish'], resources: [this.topic.topicArn], conditions: fromOurAlarms }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
  }

  /**
   * Per function: an alarm on its errors (a crash, a timeout: a flow that may not have finished its
   * compensation) and on its throttles; and one alarm on every `alert` log record of any of them.
   */
  watchFunctions(functions: readonly WatchedFunction[]): void {
    const alerts = new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: 'AlertRecords', statistic: 'Sum', period: PERIOD });
    for (const fn of functions) {
      const name = fn.node.id;
      this.alarm(`${name}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), 1, `${name} failed an invocation (crash or timeout).`);
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }), 1, `${name} was throttled: requests were refused.`);
      new logs.MetricFilter(this, `${name}AlertFilter`, {
        logGroup: fn.logGroupRef,
        filterPattern: logs.FilterPattern.exists('$.alert'),
        metricNamespace: alerts.namespace,
        metricName: alerts.metricName,
        metricValue: '1',
      });
    }
    // No OK notice: every alert record needs its repair, whatever comes after it.
    this.alarm('AlertRecords', alerts, 1, 'A flow logged a record that needs an operator (see the log record\'s "repair" field).', false);
  }

  /**
   * The audit archive: an alarm on every audit record replaced or deleted other than by TTL (the
   * archiver's alert records; no OK notice, each needs its investigation), and on the archiver
   * falling behind the stream. Its errors, throttles and alert records are watched with the other
   * functions (watchFunctions).
   */
  watchAuditArchive(archive: AuditArchive): void {
    const changes = new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: 'AuditRecordChanges', statistic: 'Sum', period: PERIOD });
    new logs.MetricFilter(this, 'AuditRecordChangesFilter', {
      logGroup: archive.archiver.logGroupRef,
      filterPattern: logs.FilterPattern.stringValue('$.alert', '=', AUDIT_RECORD_CHANGED_ALERT),
      metricNamespace: changes.namespace,
      metricName: changes.metricName,
      metricValue: '1',
    });
    this.alarm(
      'AuditRecordChanges',
      changes,
      1,
      "An audit record was replaced or deleted (not by TTL). The audit archive keeps its copy and the change (see the archiver's alert record).",
      false,
    );
    const lag = archive.archiver.metric('IteratorAge', { statistic: 'Maximum', period: PERIOD });
    this.alarm(
      'AuditArchiveLag',
      lag,
      AUDIT_ARCHIVE_MAX_LAG.toMilliseconds(),
      `The audit archiver is more than ${AUDIT_ARCHIVE_MAX_LAG.toHours()} hour behind the audit table's stream (records leave it after 24 hours).`,
    );
  }

  /** The share of the API's answers that are 5xx (the 5XXError metric's average), over the threshold. */
  watchApi(api: apigateway.RestApi): void {
    const rate = api.metricServerError({ period: PERIOD, statistic: 'Average' });
    this.alarm('Api5xxRate', rate, API_5XX_RATE_THRESHOLD, `More than ${API_5XX_RATE_THRESHOLD * 100}% of the API's answers were 5xx.`);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string, notifyRecovery = true): void {
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    if (notifyRecovery) alarm.addOkAction(new actions.SnsAction(this.topic));
  }
}
