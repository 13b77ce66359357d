import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag';
import type { ApiFunction } from './api-function';

/** Generated key length: 64 letters and digits, about 380 bits (well over 32 random bytes). */
export const RATE_LIMIT_KEY_LENGTH = 64;

/**
 * The per-deployment HMAC key of the attempt counters' subjects (emails, IPs, user ids), generated
 * by Secrets Manager at deploy time. Only the functions that count attempts may read it, and only
 * with GetSecretValue on this one secret.
 */
export class RateLimitKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'HMAC-SHA-256 key of the attempt counters (RATE# items): keeps their emails and IPs irreversible',
      generateSecretString: { passwordLength: RATE_LIMIT_KEY_LENGTH, excludePunctuation: true, includeSpace: false },
    });
    acknowledgeNag(
      this.secret,
      'AwsSolutions-SMG4',
      'The key only hides the subjects of hour-long attempt counters; a new key just starts every counter afresh, so rotation buys nothing a redeploy does not, and a rotation Lambda would be one more privileged function.',
    );
  }

  /** Lets `fn` read the key: GetSecretValue on this secret, nothing else (it finds the key in RATE_LIMIT_KEY_SECRET_ARN). */
  grantRead(fn: ApiFunction): void {
    fn.allow(['secretsmanager:GetSecretValue'], [this.secret.secretArn]);
  }
}
