import type { Construct } from 'constructs';
import { HmacKey } from './hmac-key';

/**
 * The per-deployment HMAC key of the attempt counters' subjects (emails, IPs, user ids). Only the
 * functions that count attempts read it (RATE_LIMIT_KEY_SECRET_ARN).
 */
export class RateLimitKey extends HmacKey {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      description: 'HMAC-SHA-256 key of the attempt counters (RATE# items): keeps their emails and IPs irreversible',
      noRotationReason:
        'The key only hides the subjects of hour-long attempt counters; a new key just starts every counter afresh, so rotation buys nothing a redeploy does not, and a rotation Lambda would be one more privileged function.',
    });
  }
}
