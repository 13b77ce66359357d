import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { postUsersMfaResetBody } from '../../../lambdas/admin/request-schemas';
import { LastActiveAdminError, SelfActionError } from '../../../lambdas/shared/errors';
import { ADMIN_ERROR_WORDS, MFA_RESET_REASON_MAX_CHARS, actorWords } from '../../../web/src/admin-words';

describe("the console's words for the admin routes", () => {
  it('has plain words for each 409 of its own that the admin routes answer', () => {
    const codes = [
      new SelfActionError('CANNOT_DEACTIVATE_SELF', '').code,
      new SelfActionError('CANNOT_REACTIVATE_SELF', '').code,
      new SelfActionError('CANNOT_RESET_OWN_MFA', '').code,
      new LastActiveAdminError().code,
    ];
    for (const code of codes) expect((ADMIN_ERROR_WORDS as Record<string, string>)[code]).toMatch(/^[A-Z].*\.$/);
  });

  it("limits the MFA reset's reason as the API does (1 to 500 characters, trimmed)", () => {
    expect(v.safeParse(postUsersMfaResetBody, { reason: 'x'.repeat(MFA_RESET_REASON_MAX_CHARS) }).success).toBe(true);
    expect(v.safeParse(postUsersMfaResetBody, { reason: 'x'.repeat(MFA_RESET_REASON_MAX_CHARS + 1) }).success).toBe(false);
    expect(v.safeParse(postUsersMfaResetBody, { reason: '   ' }).success).toBe(false);
  });

  it('names who acted, by user id: the user themselves, you, or another admin', () => {
    expect(actorWords({ actor: 'user-1', userId: 'user-1' }, 'my-id')).toBe('the user');
    expect(actorWords({ actor: 'my-id', userId: 'user-1' }, 'my-id')).toBe('you');
    expect(actorWords({ actor: 'other-id', userId: 'user-1' }, 'my-id')).toBe('an admin (other-id)');
    // Records written before actors were user ids.
    expect(actorWords({ actor: 'self', userId: 'user-1' }, 'my-id')).toBe('the user');
  });
});
