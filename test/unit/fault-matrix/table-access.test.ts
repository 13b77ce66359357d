import { beforeEach, describe, expect, it } from 'vitest';
import { API_ROUTES, type TableAccess } from '../../../lib/routes';
import { partitionOf } from '../../../lib/table-access';
import { captureLogs } from '../../support/logs';
import { FLOWS, resetClients, dynamo } from './flows';
import { MATRIX } from './matrix';
import { world } from './recovery-flows';

/**
 * The IAM policies restrict each function's main-table calls to the actions and partition-key kinds
 * of lib/table-access.ts; moto does not enforce IAM, so this test does: it runs every row of the
 * fault matrix (every call of every flow, compensations included) and checks each DynamoDB call
 * the handler made against its declared access, and that every declared kind is used.
 */

beforeEach(resetClients);

type TableAccessHandler = string;
const TABLE_ACCESS: Record<string, TableAccess> = Object.fromEntries(API_ROUTES.map((route) => [route.handlerFile, route.grants.table ?? { actions: [], partitions: [] }]));

/** "provisionNewAdmin (over a leftover)" -> "provision-new-admin": the handler that runs the flow. */
const handlerOf = (flow: string) => flow.split(' ')[0].replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`) as TableAccessHandler;

interface Access {
  readonly action: string;
  readonly partition: string;
}

/** The main-table accesses of one command, as IAM authorizes them (a transaction's items one by one). */
function accessesOf(command: { constructor: { name: string }; input: any }): Access[] {
  const mainTable = (name: string) => name === process.env.TABLE_NAME;
  const access = (action: string, tableName: string, pk: unknown): Access[] =>
    mainTable(tableName) ? [{ action: `dynamodb:${action}`, partition: partitionOf(String(pk)) ?? `unknown partition ${String(pk)}` }] : [];
  const { input } = command;
  switch (command.constructor.name) {
    case 'GetCommand':
      return access('GetItem', input.TableName, input.Key.pk);
    case 'PutCommand':
      return access('PutItem', input.TableName, input.Item.pk);
    case 'UpdateCommand':
      return access('UpdateItem', input.TableName, input.Key.pk);
    case 'DeleteCommand':
      return access('DeleteItem', input.TableName, input.Key.pk);
    case 'QueryCommand': {
      // The admin index is granted on its own ARN (no LeadingKeys: see docs/security.md, least privilege).
      if (input.IndexName) return [];
      const valueName = /(?:^|\s)#?pk\s*=\s*(:\w+)/.exec(input.KeyConditionExpression)?.[1];
      return access('Query', input.TableName, valueName && input.ExpressionAttributeValues[valueName]);
    }
    case 'TransactWriteCommand':
      return input.TransactItems.flatMap((item: any) => {
        if (item.Put) return access('PutItem', item.Put.TableName, item.Put.Item.pk);
        if (item.Update) return access('UpdateItem', item.Update.TableName, item.Update.Key.pk);
        if (item.Delete) return access('DeleteItem', item.Delete.TableName, item.Delete.Key.pk);
        return access('ConditionCheckItem', item.ConditionCheck.TableName, item.ConditionCheck.Key.pk);
      });
    default:
      return [{ action: `unexpected ${command.constructor.name}`, partition: 'unknown' }];
  }
}

/** Partition kinds each handler was seen using, over all rows. */
const seen = new Map<TableAccessHandler, Set<string>>();

/**
 * The confirm flows first issue a link through the request handler, then arm their faults: calls
 * before the first `failMatching` are the request handler's.
 */
let armedAt: number | undefined;
const failMatching = world.failMatching;
world.failMatching = (...faults) => {
  armedAt ??= dynamo.calls().length;
  failMatching(...faults);
};

describe('every DynamoDB call of every flow is allowed by its function’s table access (lib/table-access.ts)', () => {
  it.each(MATRIX.map((row) => [`${row.flow}: ${row.step} ${row.fault}`, row] as const))('%s', async (_name, row) => {
    armedAt = undefined;
    const flow = FLOWS[row.flow];
    await captureLogs(() => flow.run([{ step: row.step, fault: row.fault, landed: row.landed }, ...(row.also ?? [])]));
    const calls = dynamo.calls().map((call) => call.args[0] as any);
    const handler = handlerOf(row.flow);
    const ownCalls = row.flow.startsWith('confirmMfaReset') ? calls.slice(armedAt) : calls;
    const requestCalls = row.flow.startsWith('confirmMfaReset') ? calls.slice(0, armedAt) : [];
    for (const [name, commands] of [[handler, ownCalls], ['request-mfa-reset', requestCalls]] as const) {
      const declared = TABLE_ACCESS[name];
      for (const access of commands.flatMap(accessesOf)) {
        expect(declared.actions, `${name}: ${access.action} on ${access.partition}`).toContain(access.action);
        expect(declared.partitions, `${name}: ${access.action} on ${access.partition}`).toContain(access.partition);
        seen.set(name, (seen.get(name) ?? new Set()).add(access.partition));
      }
    }
  });

  // Runs after the rows (a file's tests run in order).
  it('grants no partition kind that no call needs (an unused grant is a privilege nobody asked for)', () => {
    for (const [name, access] of Object.entries(TABLE_ACCESS)) {
      expect([...(seen.get(name as TableAccessHandler) ?? [])].sort(), name).toEqual([...access.partitions].sort());
    }
  });
});
