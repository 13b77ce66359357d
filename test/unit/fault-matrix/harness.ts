import type { APIGatewayProxyResult } from 'aws-lambda';
import { genericFaults, type GenericFault } from '../../support/faults';

/**
 * The fault-injection harness. A flow under test runs once with chosen AWS calls failing and
 * reports the response, every call in order (failed ones suffixed "!") and the state left behind,
 * measured on the in-memory DynamoDB/Cognito/SES fakes (admin-flows.ts, recovery-flows.ts).
 */

/** A fault: the step it hits (1-based `nth` call of that step) and the error raised. */
export interface Injection {
  readonly step: string;
  readonly fault: string;
  readonly nth?: number;
  /**
   * The call took effect before the error came back (a lost response, or a business error that
   * reports what already happened, e.g. "already deleted").
   */
  readonly landed?: boolean;
}

export interface FlowRun {
  readonly response: APIGatewayProxyResult;
  /** Every call in order; failed ones suffixed with "!". */
  readonly calls: readonly string[];
  /** What is left, in the words the matrix uses. */
  readonly left: string;
  /** Stateful flows: faults after taking effect whose call changed nothing (there is no such row to write). */
  readonly ineffective?: readonly string[];
  /** Flows that can be retried: the responses of retrying the same request, and the state that leaves. */
  readonly retry?: { readonly responses: readonly string[]; readonly left: string };
}

export interface FlowUnderTest {
  readonly flow: string;
  /** Runs the flow once with every injection failing its call. */
  readonly run: (injections: readonly Injection[]) => Promise<FlowRun>;
  /** For flows that answer every outcome alike: that one body. */
  readonly uniformBody?: unknown;
  /** For retryable flows: the state every retry must converge to. */
  readonly converged?: string;
}

/**
 * Steps that only read (or, for AdminInitiateAuth, only open a challenge session that nothing keeps):
 * failing one after it took effect is the same as failing it before. Every other step changes
 * state, so the matrix fails it after taking effect too.
 */
const READ_ONLY = /^(GetItem|Query|AdminGetUser|AdminListGroupsForUser|GetSecretValue|AdminInitiateAuth)\b/;

export const mutates = (step: string) => !READ_ONLY.test(step);

/** What one injection is: its step, fault and whether it landed. */
export const injectionKey = ({ step, fault, landed }: Injection) => `${step} ${fault}${landed ? ' (landed)' : ''}`;

/**
 * Every step a flow can reach, found by running it (`run`): once without faults, then, for each step newly
 * seen, once per generic fault before it takes effect and (if it changes state) once after,
 * keeping the faults that led there. Returns each step with the
 * injections the matrix must have rows for.
 */
export async function reachableSteps(run: FlowUnderTest['run']): Promise<Map<string, Injection[]>> {
  const required = new Map<string, Injection[]>();
  const queue: Injection[][] = [[]];
  while (queue.length > 0) {
    const path = queue.shift()!;
    const { calls, ineffective = [] } = await run(path);
    // A call that cannot take effect on this path (it fails by itself) has no "after taking effect" to test.
    const last = path.at(-1);
    if (last?.landed && ineffective.includes(`${last.step} ${last.fault}`)) {
      required.set(
        last.step,
        required.get(last.step)!.filter((injection) => !injection.landed),
      );
      continue;
    }
    for (const step of calls.map((call) => call.replace(/!$/, ''))) {
      if (required.has(step)) continue;
      const faults: Injection[] = [
        ...Object.keys(genericFaults).map((fault) => ({ step, fault })),
        ...(mutates(step) ? [{ step, fault: 'timeout', landed: true }] : []),
      ];
      required.set(step, faults);
      queue.push(...faults.map((fault) => [...path, fault]));
    }
  }
  return required;
}

/** The calls made after the first failed one. */
export function callsAfterFirstFault(calls: readonly string[]): string[] {
  const index = calls.findIndex((call) => call.endsWith('!'));
  return index === -1 ? [] : calls.slice(index + 1).map((call) => call.replace(/!$/, ''));
}

export function isGenericFault(fault: string): fault is GenericFault {
  return fault in genericFaults;
}
