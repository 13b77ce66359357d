import { createHmac } from 'node:crypto';

/** RFC 4648 base32 alphabet, the encoding authenticator secrets (and Cognito's `SecretCode`) use. */
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface TotpOptions {
  /** Length of a time step in seconds (RFC 6238 `X`); authenticator apps use 30. */
  readonly stepSeconds?: number;
  readonly digits?: number;
}

/** Decodes an RFC 4648 base32 string; case, spaces and `=` padding are ignored, trailing partial bits dropped. */
export function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`Not a base32 secret: unexpected character "${char}"`);
    // Only the unread low bits matter (never more than 12), so masking keeps the number small.
    buffer = ((buffer << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP: HMAC-SHA1 of the 8-byte big-endian counter, dynamically truncated to `digits` digits. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/**
 * RFC 6238 TOTP: the code an authenticator app shows for the base32 `secret` at time `at`.
 *
 * @param secret - The base32 secret (Cognito's `AssociateSoftwareToken` `SecretCode`).
 * @param at - The moment the code is for; defaults to now.
 */
export function totp(secret: string, at: Date = new Date(), options: TotpOptions = {}): string {
  const stepSeconds = options.stepSeconds ?? 30;
  const counter = Math.floor(at.getTime() / 1000 / stepSeconds);
  return hotp(base32Decode(secret), counter, options.digits ?? 6);
}
