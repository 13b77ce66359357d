import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiHandler } from '../lambdas/shared/http/handler';
import { type FlowScenario, lambdaContext } from './scenarios';
import { installReplies, unansweredCalls } from './sdk-mocks';

/** One mocked AWS call: which command, and when it was in flight. */
export interface TimedCall {
  readonly command: string;
  readonly start: number;
  readonly end: number;
}

export interface CallRounds {
  readonly rounds: number;
  readonly maxRounds: number;
  /** Commands per round, in order, e.g. [["AdminCreateUserCommand"], ["AdminAddUserToGroupCommand"]]. */
  readonly sequence: string[][];
}

/**
 * Groups calls into sequential rounds: a call that starts before every call of the current round
 * has ended overlaps it (issued concurrently) and joins it; otherwise it starts the next round.
 */
export function groupIntoRounds(calls: readonly TimedCall[]): string[][] {
  const rounds: { end: number; commands: string[] }[] = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const current = rounds.at(-1);
    if (current && call.start < current.end) {
      current.commands.push(call.command);
      current.end = Math.max(current.end, call.end);
    } else {
      rounds.push({ end: call.end, commands: [call.command] });
    }
  }
  return rounds.map((round) => round.commands);
}

/**
 * Runs the scenario's happy path once with every AWS call taking `latencyMs`, and counts the
 * sequential rounds of calls. Fails if the handler did not answer the happy-path status, sent a
 * call the scenario does not answer, or never sent one the scenario expects.
 */
export async function measureCallRounds(handlerName: string, handler: ApiHandler, scenario: FlowScenario, latencyMs = 5): Promise<CallRounds> {
  const calls: TimedCall[] = [];
  installReplies(scenario.replies, async (command, answer) => {
    const start = performance.now();
    await sleep(latencyMs);
    calls.push({ command, start, end: performance.now() });
    return answer();
  });
  const response = await handler(scenario.event, lambdaContext(handlerName));
  const unanswered = unansweredCalls();
  // Some routes answer alike whatever happened (MFA recovery): every reply must be used to prove the path ran to its end.
  const unused = scenario.replies.map((reply) => reply.command.name).filter((name) => !calls.some((call) => call.command === name));
  if (response.statusCode !== scenario.expectedStatus || unanswered.length > 0 || unused.length > 0) {
    throw new Error(
      `${handlerName}: happy path not taken (status ${response.statusCode}, expected ${scenario.expectedStatus}; ` +
        `unanswered calls: ${unanswered.join(', ') || 'none'}; replies never used: ${unused.join(', ') || 'none'}): ${response.body}`,
    );
  }
  const sequence = groupIntoRounds(calls);
  return { rounds: sequence.length, maxRounds: scenario.maxRounds, sequence };
}
