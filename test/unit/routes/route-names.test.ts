import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRIGGER_FUNCTIONS } from '../../../lib/cognito-triggers';
import { API_ROUTES, camelCase, routeName } from '../../../lib/routes';

/**
 * The naming rule (issue 20): a route's name is its method and its path's segments without the
 * `{parameters}`, in kebab case, and everything a reader looks for is named after it. A new route
 * that does not follow it fails here.
 */
const LAMBDAS = path.join(__dirname, '../../../lambdas');
/** The directories that hold flows: a route's flow lives in one of them as `<name>.ts`. */
const FLOW_AREAS = ['admin', 'audit', 'auth', 'mfa-recovery', 'recovery-codes'];

async function requestSchemas(): Promise<Map<string, unknown>> {
  const schemas = new Map<string, unknown>();
  for (const area of FLOW_AREAS) {
    const file = path.join(LAMBDAS, area, 'request-schemas.ts');
    if (!existsSync(file)) continue;
    for (const [name, value] of Object.entries(await import(file))) schemas.set(name, value);
  }
  return schemas;
}

describe('routeName', () => {
  it.each([
    ['POST', '/mfa-recovery/confirm', 'post-mfa-recovery-confirm'],
    ['GET', '/users/{userId}/audit', 'get-users-audit'],
    ['POST', '/admins', 'post-admins'],
    ['GET', '/me/recovery-codes', 'get-me-recovery-codes'],
  ])('%s %s -> %s', (method, routePath, name) => {
    expect(routeName(method, routePath)).toBe(name);
  });
});

describe.each(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_title, route) => {
  const camel = camelCase(route.name);

  it(`is served by lambdas/handlers/${route.name}.ts, which exports handler`, async () => {
    const module = await import(path.join(LAMBDAS, 'handlers', `${route.name}.ts`));
    expect(typeof module.handler).toBe('function');
  });

  it(`runs its flow from lambdas/<area>/${route.name}.ts (${camel}Flows)`, async () => {
    const homes = FLOW_AREAS.filter((area) => existsSync(path.join(LAMBDAS, area, `${route.name}.ts`)));
    expect(homes, 'exactly one area holds the flow').toHaveLength(1);
    const module = await import(path.join(LAMBDAS, homes[0], `${route.name}.ts`));
    expect(typeof module[`${camel}Flows`]).toBe('function');
  });

  it(`is wired by lambdas/composition/${route.name}.ts (${camel}FromEnv)`, async () => {
    const module = await import(path.join(LAMBDAS, 'composition', `${route.name}.ts`));
    expect(typeof module[`${camel}FromEnv`]).toBe('function');
  });

  it(`validates with ${camel}Body and ${camel}Params from its area's request-schemas.ts`, async () => {
    const schemas = await requestSchemas();
    if (route.body) expect(schemas.get(`${camel}Body`), `${camel}Body`).toBe(route.body);
    else expect(schemas.has(`${camel}Body`)).toBe(false);
    if (route.params) expect(schemas.get(`${camel}Params`), `${camel}Params`).toBe(route.params);
    else expect(schemas.has(`${camel}Params`)).toBe(false);
  });
});

it('every handler file is a route or a Cognito trigger (no handler under an old name)', () => {
  const handlers = readdirSync(path.join(LAMBDAS, 'handlers')).map((file) => file.replace(/\.ts$/, ''));
  expect(handlers.sort()).toEqual([...API_ROUTES.map((route) => route.name), ...TRIGGER_FUNCTIONS.map((trigger) => trigger.name)].sort());
});
