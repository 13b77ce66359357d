import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';
import { genericFaults, type GenericFault } from '../../support/faults';

/**
 * The fault-injection harness. A flow under test runs once with chosen AWS calls failing and
 * reports the response, every call in order (failed ones suffixed "!") and the state left behind.
 * Two engines: scripted flows answer each call with a fixed happy-path response (stateless flows);
 * stateful flows run over the in-memory DynamoDB/Cognito/SES fakes (recovery-flows.ts).
 */

/** A fault: the step it hits (1-based `nth` call of that step) and the error raised. */
export interface Injection {
  readonly step: string;
  readonly fault: string;
  readonly nth?: number;
  /**
   * The call took effect before the error came back (a lost response, or a business error that
   * reports what already happened, e.g. "already deleted"). Stateful flows only.
   */
  readonly landed?: boolean;
}

export interface FlowRun {
  readonly response: APIGatewayProxyResult;
  /** Every call in order; failed ones suffixed with "!". */
  readonly calls: readonly string[];
  /** What is left, in the words the matrix uses. */
  readonly left: string;
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
  /** Runs over stateful fakes, so a call can take effect before it fails (scripted flows cannot). */
  readonly stateful?: boolean;
}

type AnyStub = AwsStub<any, any, any>;

/** One AWS call a scripted flow makes, with its happy-path answer. */
export interface Step {
  /** The name used in the matrix, e.g. "AdminCreateUser" or "AdminCreateUser (RESEND)". */
  readonly name: string;
  readonly client: AnyStub;
  readonly command: any;
  /** Narrows the step to the calls whose input matches. */
  readonly match?: (input: Record<string, any>) => boolean;
  readonly respond: (input: Record<string, any>) => unknown;
}

export interface ScriptedFlow {
  readonly flow: string;
  readonly handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
  readonly event: () => APIGatewayProxyEvent;
  readonly steps: readonly Step[];
  /** The state the calls that succeeded leave behind, in the words the matrix uses. */
  readonly stateAfter: (succeeded: readonly string[]) => string;
}

/**
 * A flow whose every AWS command is answered by a scripted happy-path response and recorded, in
 * order, across all clients; injected calls fail instead (without effect).
 */
export function scriptedFlow(flow: ScriptedFlow, errorFor: (fault: string) => Error): FlowUnderTest {
  return {
    flow: flow.flow,
    run: async (injections) => {
      if (injections.some((injection) => injection.landed)) throw new Error('scripted flows have no state for a call to take effect on');
      const calls = await runScripted(flow, injections, errorFor);
      const succeeded = calls.calls.filter((call) => !call.endsWith('!'));
      return { ...calls, left: flow.stateAfter(succeeded) };
    },
  };
}

async function runScripted(flow: ScriptedFlow, injections: readonly Injection[], errorFor: (fault: string) => Error) {
  const calls: string[] = [];
  const seen = new Map<string, number>();
  const byCommand = new Map<unknown, Step[]>();
  for (const step of flow.steps) byCommand.set(step.command, [...(byCommand.get(step.command) ?? []), step]);
  for (const [command, steps] of byCommand) {
    steps[0].client.on(command as any).callsFake(async (input: Record<string, any>) => {
      const step = steps.find((candidate) => !candidate.match || candidate.match(input));
      if (!step) throw new Error(`unscripted call in the fault matrix: ${JSON.stringify(input)}`);
      const count = (seen.get(step.name) ?? 0) + 1;
      seen.set(step.name, count);
      const injection = injections.find((i) => i.step === step.name && (i.nth ?? 1) === count);
      if (injection) {
        calls.push(`${step.name}!`);
        throw errorFor(injection.fault);
      }
      calls.push(step.name);
      return step.respond(input);
    });
  }
  const response = await flow.handler(flow.event());
  return { response, calls };
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
 * Every step `flow` can reach, found by running it: once without faults, then, for each step newly
 * seen, once per generic fault before it takes effect and (if it changes state and the flow has
 * state for it to change) once after, keeping the faults that led there. Returns each step with the
 * injections the matrix must have rows for.
 */
export async function reachableSteps(flow: FlowUnderTest, run: (injections: readonly Injection[]) => Promise<FlowRun>): Promise<Map<string, Injection[]>> {
  const required = new Map<string, Injection[]>();
  const queue: Injection[][] = [[]];
  while (queue.length > 0) {
    const path = queue.shift()!;
    const { calls } = await run(path);
    for (const step of calls.map((call) => call.replace(/!$/, ''))) {
      if (required.has(step)) continue;
      const faults: Injection[] = [
        ...Object.keys(genericFaults).map((fault) => ({ step, fault })),
        ...(mutates(step) && flow.stateful ? [{ step, fault: 'timeout', landed: true }] : []),
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
