import { describe, expect, it } from 'vitest';
import { requireGroup } from '../../../lambdas/shared/http/request';
import { INVITATION_MESSAGE } from '../../../lib/user-pool-settings';
import { toAuthorizerClaims } from '../../../local/authorizer';
import { MOTO_INSTALL_COMMAND, MotoMissingError, requireMoto } from '../../../local/moto-server';
import { formatEmail, type OutboxEmail } from '../../../local/outbox';
import { apiEvent } from '../../support/events';

describe('toAuthorizerClaims', () => {
  it('passes claims as REST Cognito authorizers do, which the handlers read back', () => {
    const claims = toAuthorizerClaims({ sub: 's-1', token_use: 'id', 'cognito:groups': ['admins', 'auditors'], exp: 1700000000, email_verified: true });
    expect(claims).toEqual({ sub: 's-1', token_use: 'id', 'cognito:groups': 'admins,auditors', exp: '1700000000', email_verified: 'true' });
    expect(requireGroup(apiEvent({ claims }), 'admins')).toEqual({ sub: 's-1', username: 's-1', groups: ['admins', 'auditors'] });
  });
});

describe('requireMoto', () => {
  it('fails with one line that names the install command', () => {
    let error: unknown;
    try {
      requireMoto('python3-that-does-not-exist');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MotoMissingError);
    expect((error as Error).message).toContain(MOTO_INSTALL_COMMAND);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('formatEmail', () => {
  const invitation = (body: string): OutboxEmail => ({
    id: 1,
    sentAt: '2026-11-23T00:00:00.000Z',
    via: 'cognito',
    from: 'no-reply@verificationemail.com',
    to: ['new.admin@example.com'],
    subject: INVITATION_MESSAGE.subject,
    body,
  });

  it('prints HTML as text with links spelled out', () => {
    const text = formatEmail({ ...invitation('<p>Hi &amp; welcome</p><p><a href="https://app.example.com/x?token=abc">Reset</a></p>'), via: 'ses' });
    expect(text).toContain('OUTBOX #1 (ses)  to: new.admin@example.com');
    expect(text).toContain('Hi & welcome\n\nReset: https://app.example.com/x?token=abc');
    expect(text).not.toMatch(/<[a-z/]/);
  });
});
