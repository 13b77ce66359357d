import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../lib/routes';
import { COGNITO_PROXY_PATH, OUTBOX_PAGE_PATH } from '../../../local/web-app';
import { WEB_PAGES } from '../../../web/pages';

describe('web app pages', () => {
  it('never share a path with an API route or a local route (the local API serves both on one origin)', () => {
    const taken = [...API_ROUTES.map((route) => route.path), '/_local/outbox', '/_local/sign-in', '/openapi.json', COGNITO_PROXY_PATH, OUTBOX_PAGE_PATH];
    for (const page of Object.values(WEB_PAGES)) expect(taken).not.toContain(page);
  });

  it('each live in the module named after their key (web/src/pages/<kebab-case key>.ts)', () => {
    for (const key of Object.keys(WEB_PAGES)) {
      const module = `web/src/pages/${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}.ts`;
      expect(existsSync(module), module).toBe(true);
    }
  });
});
