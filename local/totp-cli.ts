/**
 * `npm run -s local:totp -- <base32 secret>`: prints the current TOTP code for the secret, as an
 * authenticator app would show it (and how many seconds it stays valid, on stderr).
 */
import { totp } from './totp';

const secret = process.argv[2];
if (!secret) {
  console.error('Usage: npm run -s local:totp -- <base32 secret>');
  process.exit(2);
}
console.log(totp(secret));
console.error(`(valid for ${30 - (Math.floor(Date.now() / 1000) % 30)} more seconds)`);
