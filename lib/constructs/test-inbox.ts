import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag';

/** Where SES stores each received email in the inbox bucket. */
export const TEST_INBOX_PREFIX = 'inbox/';

/** How long a received test email is kept. */
const KEPT_FOR = Duration.days(7);

export interface TestInboxProps {
  /** A domain (or subdomain) used only by the smoke suite, verified in SES, whose MX record points at SES inbound. */
  readonly domain: string;
}

/**
 * The smoke suite's mailbox (docs/smoke-tests.md): an SES receipt rule that stores every email for
 * `domain` in an encrypted, private bucket, where `npm run test:deployed` reads invitations, links
 * and notices. Created only when CDK context `testInboxDomain` names a domain; SES allows one
 * active receipt rule set per account and region, so activating this one is a deliberate step of
 * the operator's (`aws ses set-active-receipt-rule-set`), not of the stack.
 */
export class TestInbox extends Construct {
  readonly bucket: s3.Bucket;
  readonly ruleSet: ses.ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: TestInboxProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: KEPT_FOR }],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeNag(
      this.bucket,
      'AwsSolutions-S1',
      'A test mailbox whose objects expire after 7 days; its only writer is SES (bucket policy: this account, inbox/ only) and its reader the operator running the smoke suite.',
    );
    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', {
      rules: [
        {
          recipients: [props.domain],
          scanEnabled: true,
          // The S3 action adds the bucket policy letting SES (this account, this rule) put objects.
          actions: [new sesActions.S3({ bucket: this.bucket, objectKeyPrefix: TEST_INBOX_PREFIX })],
        },
      ],
    });
    new CfnOutput(this, 'BucketOutput', { key: 'TestInboxBucket', value: this.bucket.bucketName });
    new CfnOutput(this, 'DomainOutput', { key: 'TestInboxDomain', value: props.domain });
    new CfnOutput(this, 'RuleSetOutput', { key: 'TestInboxRuleSet', value: this.ruleSet.receiptRuleSetName });
  }
}
