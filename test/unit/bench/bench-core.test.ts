import { describe, expect, it } from 'vitest';
import { measureBundleSizes } from '../../../bench/bundle-size';
import { groupIntoRounds, measureCallRounds } from '../../../bench/call-rounds';
import { discoverHandlers, loadHandler } from '../../../bench/handlers';
import { SCENARIOS, WORST_CASES } from '../../../bench/scenarios';

// The benchmark itself (`npm run bench`) takes minutes; these check its core on one handler.
describe('bench core', () => {
  it('discovers every handler entry', () => {
    expect(discoverHandlers()).toEqual(expect.arrayContaining(['post-admins', 'post-admins-resend-invite', 'post-auth-new-password']));
  });

  it('groups overlapping calls into one round and sequential calls into several', () => {
    const calls = [
      { command: 'A', start: 0, end: 5 },
      { command: 'B', start: 1, end: 6 },
      { command: 'C', start: 6, end: 11 },
      { command: 'D', start: 12, end: 17 },
      { command: 'E', start: 16, end: 20 },
    ];
    expect(groupIntoRounds(calls)).toEqual([['A', 'B'], ['C'], ['D', 'E']]);
    expect(groupIntoRounds([])).toEqual([]);
  });

  it('bundles post-admins-resend-invite as CDK does and against an SDK-only baseline of the commands it imports', async () => {
    const sizes = await measureBundleSizes('post-admins-resend-invite');
    expect(sizes.sdkImports).toEqual(
      expect.arrayContaining([
        { module: '@aws-sdk/client-cognito-identity-provider', names: expect.arrayContaining(['AdminCreateUserCommand', 'CognitoIdentityProviderClient']) },
        { module: '@aws-sdk/lib-dynamodb', names: expect.arrayContaining(['GetCommand', 'QueryCommand', 'TransactWriteCommand']) },
      ]),
    );
    expect(sizes.baseline.bytes).toBeGreaterThan(100_000);
    expect(sizes.handler.bytes).toBeGreaterThan(sizes.baseline.bytes);
    expect(sizes.ratio).toBeCloseTo(sizes.handler.bytes / sizes.baseline.bytes);
    // With the SDK left to the runtime only our code and the non-SDK dependencies remain.
    expect(sizes.handlerRuntimeSdk.bytes).toBeLessThan(sizes.handler.bytes / 3);
    expect(sizes.additions.map((addition) => addition.source)).toContain('(project)');
  }, 60_000);

  it('counts the sequential rounds of AWS calls for post-admins-resend-invite', async () => {
    const handler = await loadHandler('post-admins-resend-invite');
    const rounds = await measureCallRounds('post-admins-resend-invite', handler, SCENARIOS['post-admins-resend-invite'], 1);
    // Warm: the rate-limit key was read by the container's first invocation (one round more: the key, then the counter).
    expect(rounds).toEqual({
      rounds: 5,
      maxRounds: 5,
      firstInvocationRounds: 6,
      sequence: [['GetCommand'], ['GetCommand', 'UpdateCommand'], ['QueryCommand'], ['AdminCreateUserCommand'], ['TransactWriteCommand']],
    });
  });

  it('get-admins: asks Cognito about the 2 pending admins of its happy path, about all 25 in its worst case, in one round either way, with every admin’s recovery-code status', async () => {
    const handler = await loadHandler('get-admins');
    // The third round: one AdminGetUser per pending admin and one BatchGetItem (the page's recovery-code statuses), all at once.
    const lastRound = (pending: number) => [...Array(pending).fill('AdminGetUserCommand'), 'BatchGetCommand'].sort();
    const sorted = (sequence: string[][]) => sequence.map((round) => [...round].sort());
    expect(sorted((await measureCallRounds('get-admins', handler, SCENARIOS['get-admins'], 1)).sequence)).toEqual([
      ['GetCommand'],
      ['QueryCommand'],
      lastRound(2),
    ]);
    expect(sorted((await measureCallRounds('get-admins', handler, WORST_CASES['get-admins'], 1)).sequence)).toEqual([
      ['GetCommand'],
      ['QueryCommand'],
      lastRound(25),
    ]);
  });

  it('every handler has a scenario, Cognito triggers too: a trigger must answer its event back', async () => {
    expect(discoverHandlers().filter((name) => !SCENARIOS[name])).toEqual([]);
    const confirmation = await loadHandler('cognito-post-confirmation');
    expect((await measureCallRounds('cognito-post-confirmation', confirmation, SCENARIOS['cognito-post-confirmation'], 1)).sequence).toEqual([
      ['TransactWriteCommand'],
    ]);
    const tokens = await loadHandler('cognito-pre-token-generation');
    expect(await measureCallRounds('cognito-pre-token-generation', tokens, SCENARIOS['cognito-pre-token-generation'], 1)).toEqual({
      rounds: 0,
      maxRounds: 0,
      sequence: [],
    });
    // Answering anything but the event is not the happy path.
    const wrong = async () => ({ statusCode: 200 });
    await expect(measureCallRounds('cognito-pre-token-generation', wrong, SCENARIOS['cognito-pre-token-generation'], 1)).rejects.toThrow(
      'the trigger did not answer its event',
    );
  });
});
