import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import {
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * The client half of Cognito's SRP sign-in (USER_SRP_AUTH, then PASSWORD_VERIFIER), written from
 * the protocol as Cognito's client libraries implement it and independent of the plugin's server
 * half (local/moto_plugin/srp.py), so each checks the other. The local sign-in helper signs in with
 * it through the web app's client, as the browser does; the plugin tests and the smoke suite use it too.
 */

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** Hex of even length, with a leading 00 when the top bit is set (a positive two's-complement number). */
function padHex(value: bigint): string {
  const hex = value.toString(16);
  const even = hex.length % 2 ? `0${hex}` : hex;
  return /^[89a-f]/.test(even) ? `00${even}` : even;
}

const hashHex = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const k = BigInt(`0x${hashHex(padHex(N) + padHex(g))}`);

/** Cognito's TIMESTAMP format, e.g. "Tue Dec 1 08:45:20 UTC 2026" (day not zero-padded). */
function timestamp(now = new Date()): string {
  const [weekday, month] = [now.toUTCString().slice(0, 3), now.toUTCString().slice(8, 11)];
  const time = now.toISOString().slice(11, 19);
  return `${weekday} ${month} ${now.getUTCDate()} ${time} UTC ${now.getUTCFullYear()}`;
}

export interface SrpOptions {
  /** Cognito's public API (the emulator's, or a deployed pool's region: SRP needs no AWS credentials). */
  readonly cognito: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
}

/** One SRP exchange: InitiateAuth done; `respond` sends the PASSWORD_VERIFIER answer (callable twice, to test replays). */
export async function srpExchange(options: SrpOptions) {
  const a = BigInt(`0x${randomBytes(128).toString('hex')}`) % N;
  const A = modPow(g, a, N);
  const { cognito } = options;
  const started = await cognito.send(
    new InitiateAuthCommand({ ClientId: options.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: options.username, SRP_A: A.toString(16) } }),
  );
  if (started.ChallengeName !== 'PASSWORD_VERIFIER') throw new Error(`expected PASSWORD_VERIFIER, got ${started.ChallengeName}`);
  const responses = passwordVerifierResponses(options, started.ChallengeParameters as Record<string, string>, a, A);
  return {
    challengeParameters: started.ChallengeParameters as Record<string, string>,
    respond: (): Promise<RespondToAuthChallengeCommandOutput> =>
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: options.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: started.Session,
          ChallengeResponses: responses,
        }),
      ),
  };
}

/** Signs in with SRP and returns Cognito's answer to PASSWORD_VERIFIER (a next challenge or the tokens). */
export async function srpSignIn(options: SrpOptions): Promise<RespondToAuthChallengeCommandOutput> {
  return (await srpExchange(options)).respond();
}

function passwordVerifierResponses(options: SrpOptions, parameters: Record<string, string>, a: bigint, A: bigint): Record<string, string> {
  const poolName = options.userPoolId.split('_')[1];
  const userId = parameters.USER_ID_FOR_SRP;
  const B = BigInt(`0x${parameters.SRP_B}`);
  const salt = BigInt(`0x${parameters.SALT}`);
  const u = BigInt(`0x${hashHex(padHex(A) + padHex(B))}`);
  const identity = createHash('sha256').update(`${poolName}${userId}:${options.password}`).digest('hex');
  const x = BigInt(`0x${hashHex(padHex(salt) + identity)}`);
  const S = modPow(B - k * modPow(g, x, N), a + u * x, N);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), 'Caldera Derived Key', 16));
  const now = timestamp();
  const message = Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(parameters.SECRET_BLOCK, 'base64'), Buffer.from(now)]);
  return {
    USERNAME: userId,
    PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK,
    TIMESTAMP: now,
    PASSWORD_CLAIM_SIGNATURE: createHmac('sha256', key).update(message).digest('base64'),
  };
}
