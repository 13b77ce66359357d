import { createHmac } from 'node:crypto';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { KeyedHash } from '../../ports/keyed-hash';
import { toDependencyError } from '../aws-errors';

/** Shorter keys are a misconfiguration (the stack generates 64 characters). */
export const MIN_KEY_LENGTH = 32;

/**
 * `KeyedHash` keyed by one Secrets Manager secret (its SecretString). The key is read at first use
 * and kept for the life of the container: one GetSecretValue per cold start, never an environment
 * variable or a log line. A failed read is not cached, so the next request tries again.
 */
export class SecretKeyedHash implements KeyedHash {
  private key?: Promise<Buffer>;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async digest(value: string): Promise<string> {
    return createHmac('sha256', await this.loadKey())
      .update(value, 'utf8')
      .digest('hex');
  }

  private loadKey(): Promise<Buffer> {
    // Concurrent first uses share one read.
    this.key ??= this.readKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async readKey(): Promise<Buffer> {
    let secret: string | undefined;
    try {
      ({ SecretString: secret } = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId })));
    } catch (error) {
      throw toDependencyError('secretsmanager', error);
    }
    // Never the value in the message: only that it is unusable.
    if (secret === undefined || secret.length < MIN_KEY_LENGTH) {
      throw toDependencyError('secretsmanager', new Error(`secret ${this.secretId} has no SecretString of at least ${MIN_KEY_LENGTH} characters`));
    }
    return Buffer.from(secret, 'utf8');
  }
}
