import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { API_5XX_RATE_THRESHOLD } from '../../lib/constructs/alerting';
import { stackPropsFromContext } from '../../lib/stack-config';
import { cdkContext, synthesizeWith } from '../support/template';

// Alarms and topics are configuration: no bundling needed (test/infra/stack.test.ts bundles).
const template = synthesizeWith({});
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const [[topicId, topic]] = ofType('AWS::SNS::Topic');
const apiFunctionIds = ofType('AWS::Lambda::Function')
  .filter(([, fn]) => fn.Properties.Handler === 'index.handler' && String(fn.Properties.Runtime).startsWith('nodejs'))
  .map(([id]) => id);
const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);

describe('alerts reach a person', () => {
  it('has one alarm topic, encrypted with a rotated key of our own (not aws/sns), reachable over TLS only', () => {
    expect(ofType('AWS::SNS::Topic')).toHaveLength(1);
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    expect(resources[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    const [[, topicPolicy]] = ofType('AWS::SNS::TopicPolicy');
    expect(topicPolicy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
      ]),
    );
  });

  it("lets CloudWatch (only for this account's alarms) use the key: without it no alarm could publish to the encrypted topic", () => {
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    const statement = resources[keyId].Properties.KeyPolicy.Statement.find((s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': expect.anything() } },
    });
    expect(JSON.stringify(statement.Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:*');
  });

  it('every alarm notifies the topic', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.AlarmActions, alarm.AlarmDescription).toEqual([{ Ref: topicId }]);
  });

  it("alarms on every function's errors and throttles (and tells when they are over)", () => {
    expect(apiFunctionIds.length).toBeGreaterThanOrEqual(10);
    for (const functionId of apiFunctionIds) {
      for (const metricName of ['Errors', 'Throttles']) {
        const alarm = alarms.find((candidate) => candidate.MetricName === metricName && candidate.Dimensions?.[0]?.Value?.Ref === functionId);
        expect(alarm, `${functionId} ${metricName}`).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1, OKActions: [{ Ref: topicId }] });
      }
    }
  });

  it("alarms on the API's 5xx rate (the 5XXError average)", () => {
    const alarm = alarms.find((candidate) => candidate.MetricName === '5XXError');
    expect(alarm).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Average',
      Threshold: API_5XX_RATE_THRESHOLD,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms on alert log records of every function', () => {
    const filters = ofType('AWS::Logs::MetricFilter')
      .map(([, filter]) => filter.Properties)
      .filter((filter) => filter.MetricTransformations[0].MetricName === 'AlertRecords');
    expect(filters).toHaveLength(apiFunctionIds.length);
    for (const filter of filters) expect(filter).toMatchObject({ FilterPattern: '{ $.alert = "*" }', MetricTransformations: [{ MetricName: 'AlertRecords' }] });
    expect(alarms.find((alarm) => alarm.MetricName === 'AlertRecords')).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
  });

  it('emails alarms only when alarmEmail is configured', () => {
    expect(ofType('AWS::SNS::Subscription')).toEqual([]);
    const withEmail = synthesizeWith({ alarmEmail: 'oncall@example.com' });
    withEmail.resourceCountIs('AWS::SNS::Subscription', 1);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  it.each(['not-an-email', 'on call@example.com', '@example.com'])('refuses alarmEmail %j at synth', (alarmEmail) => {
    const app = new App({ context: { ...cdkContext(), alarmEmail } });
    expect(() => stackPropsFromContext(app)).toThrow('CDK context value "alarmEmail" must be an email address');
  });
});
