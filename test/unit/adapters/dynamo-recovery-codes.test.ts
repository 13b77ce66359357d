import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoRecoveryCodes } from '../../../lambdas/adapters/dynamodb/dynamo-recovery-codes';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { DependencyUnavailableError, TooManyRequestsError } from '../../../lambdas/shared/errors';
import { callsBelongToNoFunction, mockClient } from '../../support/aws-mocks';
import { genericFaults } from '../../support/faults';
import { FakeTable } from '../mfa-recovery/support/fake-table';

callsBelongToNoFunction(
  'the recovery-code store alone: the functions that make and use codes run it, and their handler and fault-matrix tests hold each call to their own roles',
);
const dynamo = mockClient(DynamoDBDocumentClient);
const TABLE = 'codes-table';
const USER = 'user-1';
const HASHES = Array.from({ length: 10 }, (_, i) => `hash-${i}`);
let table: FakeTable;
const sleeps: number[] = [];
const store = () =>
  new DynamoRecoveryCodes(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE, async (ms) => {
    sleeps.push(ms);
  });
const item = () => table.item(keys.recoveryCodes(USER), TABLE);

beforeEach(() => {
  dynamo.reset();
  sleeps.length = 0;
  table = new FakeTable(TABLE);
  dynamo.on(BatchGetCommand).callsFake((input) => table.batchGet(input));
  dynamo.on(GetCommand).callsFake((input) => table.get(input));
  dynamo.on(PutCommand).callsFake((input) => table.putItem(input));
  dynamo.on(UpdateCommand).callsFake((input) => table.update(input));
});

describe('DynamoRecoveryCodes', () => {
  it('status: null before any set; after replace, the set as a string set with its time and size, read consistently', async () => {
    expect(await store().status(USER)).toBeNull();
    await store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z');
    expect(item()).toEqual({
      ...keys.recoveryCodes(USER),
      entity: 'RecoveryCodes',
      codeHashes: new Set(HASHES),
      createdAt: '2026-12-05T08:00:00.000Z',
      total: 10,
    });
    expect(await store().status(USER)).toEqual({ remaining: 10, createdAt: '2026-12-05T08:00:00.000Z' });
    expect(dynamo.commandCalls(GetCommand).every((call) => call.args[0].input.ConsistentRead === true)).toBe(true);
  });

  it('replace voids the earlier set, used codes included', async () => {
    await store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z');
    await store().consume(USER, 'hash-1');
    await store().replace(USER, ['new-0', 'new-1'], '2026-12-05T09:00:00.000Z');
    expect(await store().consume(USER, 'hash-2')).toBeUndefined();
    // The hash consumed from the old set cannot be put back into the new one.
    await store().release(USER, 'hash-1');
    expect(item()?.codeHashes).toEqual(new Set(['new-0', 'new-1']));
    expect(await store().status(USER)).toEqual({ remaining: 2, createdAt: '2026-12-05T09:00:00.000Z' });
  });

  it('consume: answers the codes left; a code works once; a wrong code or a user without codes answers undefined', async () => {
    expect(await store().consume(USER, 'hash-0')).toBeUndefined();
    await store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z');
    expect(await store().consume(USER, 'hash-0')).toBe(9);
    expect(await store().consume(USER, 'hash-0')).toBeUndefined();
    expect(await store().consume(USER, 'not-a-hash')).toBeUndefined();
    expect(await store().consume(USER, 'hash-5')).toBe(8);
    expect(await store().status(USER)).toEqual({ remaining: 8, createdAt: '2026-12-05T08:00:00.000Z' });
    const [update] = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(update.ConditionExpression).toBe('contains(codeHashes, :hash)');
  });

  it('consume of the last code leaves no codeHashes attribute (DynamoDB drops an empty set): 0 remaining', async () => {
    await store().replace(USER, ['only'], '2026-12-05T08:00:00.000Z');
    expect(await store().consume(USER, 'only')).toBe(0);
    expect(item()).not.toHaveProperty('codeHashes');
    expect(await store().status(USER)).toEqual({ remaining: 0, createdAt: '2026-12-05T08:00:00.000Z' });
  });

  it('of concurrent uses of one code, exactly one gets a number', async () => {
    await store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z');
    const answers = await Promise.all(Array.from({ length: 5 }, () => store().consume(USER, 'hash-3')));
    expect(answers.filter((answer) => answer !== undefined)).toEqual([9]);
  });

  it('release puts a consumed hash back once; a hash never consumed, or released already, is not added', async () => {
    await store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z');
    await store().consume(USER, 'hash-4');
    await store().release(USER, 'hash-4');
    expect(await store().status(USER)).toEqual({ remaining: 10, createdAt: '2026-12-05T08:00:00.000Z' });
    await store().release(USER, 'hash-4');
    await store().release(USER, 'invented');
    expect(item()?.codeHashes).toEqual(new Set(HASHES));
    expect(await store().consume(USER, 'hash-4')).toBe(9);
  });

  it('release for a user without codes creates nothing', async () => {
    await store().release(USER, 'hash-0');
    expect(item()).toBeUndefined();
  });

  it('statuses: every listed user who saved codes, in one consistent read of the status alone; the others absent', async () => {
    await store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z');
    await store().replace('user-2', ['a', 'b'], '2026-12-05T09:00:00.000Z');
    await store().consume('user-2', 'a');
    const statuses = await store().statuses([USER, 'user-2', 'user-3']);
    expect(Object.fromEntries(statuses)).toEqual({
      [USER]: { remaining: 10, createdAt: '2026-12-05T08:00:00.000Z' },
      'user-2': { remaining: 1, createdAt: '2026-12-05T09:00:00.000Z' },
    });
    expect(dynamo.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.[TABLE])).toEqual([
      { Keys: [USER, 'user-2', 'user-3'].map((id) => keys.recoveryCodes(id)), ConsistentRead: true, ProjectionExpression: 'pk, codeHashes, createdAt' },
    ]);
  });

  it('statuses reads the keys DynamoDB left unprocessed again, with backoff; still unprocessed after three retries is a 429', async () => {
    await store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z');
    await store().replace('user-2', ['a'], '2026-12-05T09:00:00.000Z');
    // Throttled: the first answer processes only the first key.
    dynamo
      .on(BatchGetCommand)
      .callsFakeOnce((input) => {
        const [first, ...rest] = input.RequestItems[TABLE].Keys;
        const { Responses } = table.batchGet({ RequestItems: { [TABLE]: { ...input.RequestItems[TABLE], Keys: [first] } } });
        return { Responses, UnprocessedKeys: { [TABLE]: { Keys: rest } } };
      })
      .callsFake((input) => table.batchGet(input));
    expect([...(await store().statuses([USER, 'user-2'])).keys()]).toEqual([USER, 'user-2']);
    expect(dynamo.commandCalls(BatchGetCommand).at(-1)?.args[0].input.RequestItems?.[TABLE].Keys).toEqual([keys.recoveryCodes('user-2')]);
    expect(sleeps).toEqual([50]);

    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [keys.recoveryCodes(USER)] } } });
    await expect(store().statuses([USER])).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(sleeps).toEqual([50, 50, 100, 200]);
  });

  it('statuses refuses more than BatchGetItem reads in one request (100 keys)', async () => {
    await expect(store().statuses(Array.from({ length: 101 }, (_, i) => `user-${i}`))).rejects.toThrow(RangeError);
    expect(dynamo).not.toHaveReceivedCommand(BatchGetCommand);
  });

  it.each([
    ['serviceError', DependencyUnavailableError],
    ['timeout', DependencyUnavailableError],
    ['throttling', TooManyRequestsError],
  ] as const)("a DynamoDB failure (%s) is the error hierarchy's 503/429, never a condition answer", async (fault, type) => {
    const error = genericFaults[fault];
    await store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z');
    dynamo.on(UpdateCommand).rejects(error());
    dynamo.on(GetCommand).rejects(error());
    dynamo.on(PutCommand).rejects(error());
    dynamo.on(BatchGetCommand).rejects(error());
    await expect(store().statuses([USER])).rejects.toBeInstanceOf(type);
    await expect(store().consume(USER, 'hash-0')).rejects.toBeInstanceOf(type);
    await expect(store().release(USER, 'hash-0')).rejects.toBeInstanceOf(type);
    await expect(store().status(USER)).rejects.toBeInstanceOf(type);
    await expect(store().replace(USER, HASHES, '2026-12-05T08:00:00.000Z')).rejects.toBeInstanceOf(type);
  });
});
