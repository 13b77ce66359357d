import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../lib/routes';
import { COGNITO_PROXY_PATH, OUTBOX_PAGE_PATH } from '../../../local/web-app';
import { WEB_PAGES } from '../../../web/pages';

describe('web app pages', () => {
  it('never share a path with an API route or a local route (the local API serves both on one origin)', () => {
    const taken = [...API_ROUTES.map((route) => route.path), '/_local/outbox', '/_local/sign-in', '/openapi.json', COGNITO_PROXY_PATH, OUTBOX_PAGE_PATH];
    for (const page of Object.values(WEB_PAGES)) expect(taken).not.toContain(page);
  });
});
