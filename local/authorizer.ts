import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

/** The verified claims as API Gateway's REST Cognito authorizer hands them to the Lambda: every value a string. */
export type AuthorizerClaims = Record<string, string>;

/** Verifies an `Authorization` header; `undefined` means "401", exactly where API Gateway would answer 401. */
export type Authorizer = (authorization: string | undefined) => Promise<AuthorizerClaims | undefined>;

export interface CognitoAuthorizerOptions {
  readonly endpoint: string;
  readonly userPoolId: string;
  /** The stack's app clients (backend and web): ID tokens of any other client are refused. */
  readonly clientIds: readonly string[];
}

/**
 * The stand-in for the stack's `CognitoUserPoolsAuthorizer`: the header must be an ID token of this
 * pool and one of its app clients, signed by a key from the pool's JWKS, and not expired. The JWKS is fetched
 * from the emulator: the verifier asks for `https://cognito-idp.<region>.amazonaws.com/<pool>/...`
 * and gets the same path from moto, so no request ever leaves the machine.
 */
export function cognitoAuthorizer({ endpoint, userPoolId, clientIds }: CognitoAuthorizerOptions): Authorizer {
  const fromEmulator: Fetcher = {
    fetch: async (uri) => {
      const response = await fetch(`${endpoint}${new URL(uri).pathname}`);
      if (!response.ok) throw new Error(`JWKS request failed with HTTP ${response.status}`);
      return response.arrayBuffer();
    },
  };
  const verifier = CognitoJwtVerifier.create(
    { userPoolId, clientId: [...clientIds], tokenUse: 'id' },
    { jwksCache: new SimpleJwksCache({ fetcher: fromEmulator }) },
  );
  return async (authorization) => {
    if (!authorization) return undefined;
    try {
      return toAuthorizerClaims(await verifier.verify(authorization));
    } catch {
      return undefined;
    }
  };
}

/** REST API authorizers pass claims as strings; lists such as `cognito:groups` become comma-separated. */
export function toAuthorizerClaims(payload: Record<string, unknown>): AuthorizerClaims {
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : String(value)]));
}
