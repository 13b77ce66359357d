import { describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { local, putTableItems, seedPractitionerWithTotp, tableItem, uniqueEmail } from './support/emulator';
import { call, tokensFor } from './support/local-api';

/** The unused codes' hashes on a RECOVERY_CODES item (a string set), none when there is no item. */
const storedHashes = (item: Record<string, unknown> | undefined) => [...((item?.codeHashes ?? []) as Iterable<string>)];
const GROUPED = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/**
 * Issue 21, the codes' own routes over the local API: a practitioner signs in through the local
 * sign-in helper (SRP + TOTP through the web client; the pool's post-authentication trigger records
 * the sign-in on their User), makes codes, reads their status, and is refused new codes once their
 * recorded sign-in is older than 10 minutes, until they sign in again. Each function runs as its own
 * role, so every call is held to its policy.
 */
describe('saved recovery codes (POST and GET /me/recovery-codes)', () => {
  it('a signed-in user makes 10 codes (stored only as hashes), reads their status, and needs a recent sign-in for new ones', async () => {
    const email = uniqueEmail('codes');
    const { password, licenses } = SAMPLE_PRACTITIONERS[0];
    const practitioner = await seedPractitionerWithTotp({ email, password, licenses });

    // No token: the authorizer refuses before any function runs.
    expect((await call('/me/recovery-codes', { method: 'GET' })).status).toBe(401);

    const { idToken } = await tokensFor(email, password, practitioner.totpSecret);
    const user = await tableItem(keys.user(practitioner.userId));
    expect(Date.parse(String(user?.lastSignInAt))).toBeGreaterThan(Date.now() - 60_000);

    const never = await call('/me/recovery-codes', { method: 'GET', token: idToken });
    expect(never.status).toBe(200);
    expect(never.body).toEqual({ remaining: 0, createdAt: null });

    const made = await call('/me/recovery-codes', { token: idToken });
    expect(made.status).toBe(201);
    const codes = made.body.codes as string[];
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(GROUPED);

    // Only keyed hashes are stored: no code, in any form.
    const stored = await tableItem(keys.recoveryCodes(practitioner.userId));
    const hashes = storedHashes(stored);
    expect(hashes).toHaveLength(10);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const raw = JSON.stringify({ ...stored, codeHashes: hashes });
    for (const code of codes) expect(raw).not.toContain(code.replace(/-/g, ''));

    const status = await call('/me/recovery-codes', { method: 'GET', token: idToken });
    expect(status.body).toEqual({ remaining: 10, createdAt: stored?.createdAt });
    expect(JSON.stringify(status.body)).not.toContain(codes[0]);

    // The recorded sign-in ages past 10 minutes (whatever the token's auth_time says): refused, nothing changed.
    const aged = { ...(await tableItem(keys.user(practitioner.userId))), lastSignInAt: new Date(Date.now() - 11 * 60_000).toISOString() };
    await putTableItems([aged]);
    const refused = await call('/me/recovery-codes', { token: idToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('RECENT_SIGN_IN_REQUIRED');
    expect(storedHashes(await tableItem(keys.recoveryCodes(practitioner.userId))).sort()).toEqual(hashes.sort());
    // Reading the status needs no recent sign-in.
    expect((await call('/me/recovery-codes', { method: 'GET', token: idToken })).status).toBe(200);

    // Signing in again is what counts: a fresh set, the earlier one void.
    const fresh = await tokensFor(email, password, practitioner.totpSecret);
    const again = await call('/me/recovery-codes', { token: fresh.idToken });
    expect(again.status).toBe(201);
    expect((again.body.codes as string[]).filter((code) => codes.includes(code))).toEqual([]);
    const replaced = storedHashes(await tableItem(keys.recoveryCodes(practitioner.userId)));
    expect(replaced.filter((hash) => hashes.includes(hash))).toEqual([]);
  });

  it("an admin is a user too: their own codes, and the admin list shows each admin's status (never the codes)", async () => {
    const { admin } = local;
    // A fresh sign-in: the trigger records it on the admin's User as on their AdminInfo.
    const { idToken } = await tokensFor(admin.email, admin.password, admin.totpSecret);
    const made = await call('/me/recovery-codes', { token: idToken });
    expect(made.status).toBe(201);
    const { createdAt } = (await call('/me/recovery-codes', { method: 'GET', token: idToken })).body;

    const listed = await call('/admins', { method: 'GET', token: idToken });
    expect(listed.status).toBe(200);
    const row = listed.body.admins.find((entry: { email: string }) => entry.email === admin.email);
    expect(row.recoveryCodes).toEqual({ remaining: 10, createdAt });
    for (const code of made.body.codes as string[]) expect(JSON.stringify(listed.body)).not.toContain(code);
    for (const entry of listed.body.admins.filter((other: { email: string }) => other.email !== admin.email)) {
      expect(entry.recoveryCodes === null || typeof entry.recoveryCodes.remaining === 'number').toBe(true);
    }
  });
});
