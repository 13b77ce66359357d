import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchHandler, type FlowScenario, lambdaContext, missedHappyPath } from './scenarios';
import { installReplies, unansweredCalls } from './sdk-mocks';

/** One mocked AWS call: which command, and when it was in flight. */
export interface TimedCall {
  readonly command: string;
  readonly start: number;
  readonly end: number;
}

export interface CallRounds {
  /** In a warm container. */
  readonly rounds: number;
  readonly maxRounds: number;
  /** Scenarios with a per-container read (the rate-limit key): the rounds of a container's first invocation. */
  readonly firstInvocationRounds?: number;
  /** Commands per round, in order, e.g. [["AdminCreateUserCommand"], ["AdminAddUserToGroupCommand"]]. */
  readonly sequence: string[][];
}

/**
 * Groups calls into sequential rounds: a call that starts before any call of the current round has
 * ended cannot depend on one (issued concurrently) and joins it; a call issued once one of them had
 * answered (e.g. a counter update waiting for a key read beside another read) starts the next round.
 */
export function groupIntoRounds(calls: readonly TimedCall[]): string[][] {
  const rounds: { firstEnd: number; commands: string[] }[] = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const current = rounds.at(-1);
    if (current && call.start < current.firstEnd) {
      current.commands.push(call.command);
      current.firstEnd = Math.min(current.firstEnd, call.end);
    } else {
      rounds.push({ firstEnd: call.end, commands: [call.command] });
    }
  }
  return rounds.map((round) => round.commands);
}

/**
 * Runs the scenario's happy path with every AWS call taking `latencyMs`, and counts the sequential
 * rounds of calls. Fails if the handler did not answer the happy-path status, sent a call the
 * scenario does not answer, or never sent one the scenario expects. A scenario with a
 * per-container read (the rate-limit key) runs twice: `rounds` are the warm container's, and
 * `firstInvocationRounds` the first invocation's, which also made that read.
 */
export async function measureCallRounds(handlerName: string, handler: BenchHandler, scenario: FlowScenario, latencyMs = 5): Promise<CallRounds> {
  const perContainer = scenario.replies.filter((reply) => reply.perContainer).map((reply) => reply.command.name);
  const first = await timedInvocation(handlerName, handler, scenario, latencyMs);
  if (perContainer.length === 0) {
    expectEveryReplyUsed(handlerName, scenario, first, []);
    return { rounds: first.sequence.length, maxRounds: scenario.maxRounds, sequence: first.sequence };
  }
  const warm = await timedInvocation(handlerName, handler, scenario, latencyMs);
  expectEveryReplyUsed(handlerName, scenario, warm, perContainer);
  // Measured only when this was the container's first invocation (a handler loaded earlier is already warm).
  const cold = perContainer.every((name) => first.calls.some((call) => call.command === name));
  return {
    rounds: warm.sequence.length,
    maxRounds: scenario.maxRounds,
    sequence: warm.sequence,
    ...(cold && { firstInvocationRounds: first.sequence.length }),
  };
}

interface Invocation {
  readonly calls: readonly TimedCall[];
  readonly sequence: string[][];
  /** The handler's answer, for the error when a reply went unused. */
  readonly answer: string;
}

async function timedInvocation(handlerName: string, handler: BenchHandler, scenario: FlowScenario, latencyMs: number): Promise<Invocation> {
  const calls: TimedCall[] = [];
  installReplies(scenario.replies, async (command, answer) => {
    const start = performance.now();
    await sleep(latencyMs);
    calls.push({ command, start, end: performance.now() });
    return answer();
  });
  const response = await handler(scenario.event as never, lambdaContext(handlerName));
  const unanswered = unansweredCalls();
  const missed = missedHappyPath(scenario, response);
  if (missed || unanswered.length > 0) {
    throw new Error(`${handlerName}: happy path not taken (${missed ?? 'answered as expected'}; unanswered calls: ${unanswered.join(', ') || 'none'})`);
  }
  return { calls, sequence: groupIntoRounds(calls), answer: JSON.stringify(response) };
}

/** Some routes answer alike whatever happened (MFA recovery): every reply must be used to prove the path ran to its end. */
function expectEveryReplyUsed(handlerName: string, scenario: FlowScenario, invocation: Invocation, exempt: readonly string[]): void {
  const unused = scenario.replies
    .map((reply) => reply.command.name)
    .filter((name) => !exempt.includes(name) && !invocation.calls.some((call) => call.command === name));
  if (unused.length > 0) throw new Error(`${handlerName}: happy path not taken (replies never used: ${unused.join(', ')}): ${invocation.answer}`);
}
