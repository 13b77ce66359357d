import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allowedActions, synthesizeWith } from '../../support/template';
import { captureLogs } from '../../support/logs';
import { FLOWS, resetClients } from './flows';
import { MATRIX } from './matrix';
import { world } from './recovery-flows';

/**
 * Every Cognito, SES and Secrets Manager call a handler makes in the fault matrix (every call of
 * every flow, compensations and retries included) must be an action its function's synthesized
 * role allows. The fakes accept any call, so without this a missing grant passes every test and
 * fails in AWS (issue 19: confirm called AdminGetUser without the grant).
 */

const SDK_SERVICE: Record<string, string> = { cognito: 'cognito-idp', ses: 'ses', secrets: 'secretsmanager' };

/** "provisionNewAdmin (over a leftover)" -> "ProvisionNewAdmin": the function id prefix of the flow's handler. */
const functionNameOf = (flow: string) => flow.split(' ')[0].replace(/^[a-z]/, (letter) => letter.toUpperCase());

/** The logical id of the Lambda whose id holds `<name>Function` (MFA recovery's sit inside a construct). */
function functionId(template: Template, name: string): string {
  const ids = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => new RegExp(`(^|[A-Z][a-z]+)${name}Function`).test(id));
  if (ids.length !== 1) throw new Error(`expected one function for ${name}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** The IAM actions of the calls recorded on the non-DynamoDB mocks, from mark `from` up to mark `to`. */
function recordedActions(from?: Record<string, number>, to?: Record<string, number>): string[] {
  return Object.entries(SDK_SERVICE).flatMap(([client, service]) =>
    world[client as 'cognito' | 'ses' | 'secrets']
      .calls()
      .slice(from?.[client] ?? 0, to?.[client])
      .map((call) => `${service}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`),
  );
}

let templates: Record<'reset' | 'recreate', Template>;

beforeAll(() => {
  templates = { reset: synthesizeWith({}), recreate: synthesizeWith({ mfaRecoveryStrategy: 'recreate' }) };
}, 180_000);
beforeEach(resetClients);

/**
 * The recovery flows seed their practitioner through the same mocks first (not a handler's calls),
 * and the confirm flows then issue a link through the request handler: calls before the first fault
 * armed are its.
 */
let seededAt: Record<string, number> | undefined;
let armedAt: Record<string, number> | undefined;
const marks = () => Object.fromEntries(Object.keys(SDK_SERVICE).map((client) => [client, world[client as 'cognito'].calls().length]));
const { failMatching, seed } = world;
world.failMatching = (...faults) => {
  armedAt ??= marks();
  failMatching(...faults);
};
world.seed = async (...practitioners) => {
  await seed(...practitioners);
  seededAt = marks();
};

describe('every Cognito, SES and Secrets Manager call of every flow is allowed by its function’s synthesized policy', () => {
  it.each(MATRIX.map((row) => [`${row.flow}: ${row.step} ${row.fault}`, row] as const))('%s', async (_name, row) => {
    armedAt = undefined;
    seededAt = undefined;
    await captureLogs(() => FLOWS[row.flow].run([{ step: row.step, fault: row.fault, landed: row.landed }, ...(row.also ?? [])]));
    const template = templates[row.flow.includes('(recreate)') ? 'recreate' : 'reset'];
    const confirm = row.flow.startsWith('confirmMfaReset');
    const own = recordedActions(confirm ? armedAt : seededAt);
    const before = confirm ? recordedActions(seededAt, armedAt) : [];
    for (const [name, actions] of [[functionNameOf(row.flow), own], ['RequestMfaReset', before]] as const) {
      const allowed = allowedActions(template, functionId(template, name));
      for (const action of actions) expect(allowed, `${name}Function calls ${action}`).toContain(action);
    }
  });
});
