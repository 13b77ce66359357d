import type { Construct } from 'constructs';
import { HmacKey } from './hmac-key';

/**
 * The per-deployment HMAC key of the saved recovery codes' hashes (RECOVERY_CODES items). A key of
 * its own, never the attempt counters': whoever reads the table cannot test codes without it. Only
 * the functions that make or check codes read it (RECOVERY_CODE_KEY_SECRET_ARN).
 */
export class RecoveryCodeKey extends HmacKey {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      description: "HMAC-SHA-256 key of the saved recovery codes' hashes (RECOVERY_CODES items): a copy of the table cannot test codes without it",
      noRotationReason:
        "Every stored recovery-code hash is keyed by it: a new key would void every user's saved codes at once, and the codes are random (60 bits), so the key only adds to their strength.",
    });
  }
}
