/**
 * A keyed one-way hash (HMAC-SHA-256 under a per-deployment secret) for values an attacker can
 * enumerate (emails, IP addresses, user ids): whoever reads the table cannot test candidates
 * against a stored key without the secret. Implemented over Secrets Manager.
 */
export interface KeyedHash {
  /**
   * The hex HMAC-SHA-256 of `value` (UTF-8): the same for the same value under one deployment's key.
   * @throws DependencyUnavailableError (503) / TooManyRequestsError (429) when the key cannot be read.
   */
  digest(value: string): Promise<string>;
}
