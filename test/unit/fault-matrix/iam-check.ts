import type { Template } from 'aws-cdk-lib/assertions';
import type { MfaRecoveryStrategy } from '../../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import type { AccountLifecycleStackProps } from '../../../lib/account-lifecycle-stack';
import {
  bindEnvironment,
  evaluate,
  functionIdOf,
  functionStatements,
  grantsOf,
  grantsUsedBy,
  permissions,
  requestsOf,
  type ResolvedStatement,
  type SentCommand,
} from '../../support/iam-policy';
import { synthesizeWith } from '../../support/template';
import { captureLogs } from '../../support/logs';
import { FLOWS } from './flows';
import type { MatrixRow } from './matrix';
import { world } from './recovery-flows';

/**
 * Runs fault-matrix rows and holds every AWS call each handler made (compensations and retries
 * included) to that function's statements in the synthesized template (test/support/iam-policy.ts).
 */

const CLIENTS = { cognito: 'cognito', dynamo: 'dynamodb', ses: 'ses', secrets: 'secrets' } as const;
type Client = keyof typeof CLIENTS;
type Marks = Record<Client, number>;

const marks = (): Marks => Object.fromEntries(Object.keys(CLIENTS).map((client) => [client, world[client as Client].calls().length])) as Marks;

/** The commands recorded on the world's mocks from mark `from` up to mark `to`. */
function sent(from?: Marks, to?: Marks): SentCommand[] {
  return (Object.keys(CLIENTS) as Client[]).flatMap((client) =>
    world[client]
      .calls()
      .slice(from?.[client] ?? 0, to?.[client])
      .map((call) => {
        const command = call.args[0] as { constructor: { name: string }; input: Record<string, any> };
        return { service: CLIENTS[client], name: command.constructor.name, input: command.input };
      }),
  );
}

/**
 * The recovery flows seed their practitioner through the same mocks first (not a handler's calls),
 * and the confirm flows then issue a link through the request handler: calls before the first fault
 * armed are its.
 */
let seededAt: Marks | undefined;
let armedAt: Marks | undefined;
const { failMatching, seed } = world;
world.failMatching = (...faults) => {
  armedAt ??= marks();
  failMatching(...faults);
};
world.seed = async (...practitioners) => {
  await seed(...practitioners);
  seededAt = marks();
};

/** "postAdmins (over a leftover)" -> "post-admins": the handler that runs the flow. */
export const handlerOf = (flow: string) => flow.split(' ')[0].replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export const strategyOf = (row: MatrixRow): MfaRecoveryStrategy => (row.flow.includes('(recreate)') ? 'recreate' : 'reset');

/** One synthesized stack and each function's statements, bound to the unit world's resources. */
export class SynthesizedPolicies {
  private readonly statements = new Map<string, ResolvedStatement[]>();

  constructor(readonly template: Template) {}

  /** The stack as the unit world would deploy it: its sender, `strategy`, and `props` (e.g. a changed manifest). */
  static synthesize(strategy: MfaRecoveryStrategy, props: Partial<AccountLifecycleStackProps> = {}): SynthesizedPolicies {
    return new SynthesizedPolicies(synthesizeWith({ mfaRecoveryStrategy: strategy, senderEmail: process.env.SENDER_EMAIL as string }, props));
  }

  of(handlerFile: string): ResolvedStatement[] {
    let statements = this.statements.get(handlerFile);
    if (!statements) {
      const id = functionIdOf(this.template, handlerFile);
      statements = functionStatements(this.template, id, bindEnvironment(this.template, id, process.env));
      this.statements.set(handlerFile, statements);
    }
    return statements;
  }
}

export interface RowCheck {
  /** Every refused request: `<handler>: <action> on <resource> [context] (<call>)`. */
  readonly refused: string[];
  /** The grants each handler's allowed requests used. */
  readonly used: Map<string, Set<string>>;
}

/** Runs one matrix row and evaluates each handler's calls against its own function's statements. */
export async function checkRow(row: MatrixRow, policies: SynthesizedPolicies): Promise<RowCheck> {
  armedAt = undefined;
  seededAt = undefined;
  await captureLogs(() => FLOWS[row.flow].run([{ step: row.step, fault: row.fault, landed: row.landed }, ...(row.also ?? [])]));
  const confirm = row.flow.startsWith('postMfaRecoveryConfirm');
  const byHandler: [string, SentCommand[]][] = [
    [handlerOf(row.flow), sent(confirm ? armedAt : seededAt)],
    ...(confirm ? [['post-mfa-recovery-request', sent(seededAt, armedAt)] as [string, SentCommand[]]] : []),
  ];
  const refused: string[] = [];
  const used = new Map<string, Set<string>>();
  for (const [handlerFile, commands] of byHandler) {
    const statements = policies.of(handlerFile);
    const grants = used.get(handlerFile) ?? new Set<string>();
    used.set(handlerFile, grants);
    for (const request of commands.flatMap(requestsOf)) {
      const decision = evaluate(statements, request);
      if (decision.allowed) for (const grant of grantsUsedBy(request, decision)) grants.add(grant);
      else refused.push(`${handlerFile}: ${request.action} on ${request.resource} ${JSON.stringify(request.context)} (${request.call})`);
    }
  }
  return { refused, used };
}

/** Every grant of the function's statements, one item each (grantsOf). */
export const grantsOfFunction = (policies: SynthesizedPolicies, handlerFile: string) => policies.of(handlerFile).flatMap(grantsOf);

/** Whether a function's policy is the same in both templates (only strategy-dependent ones differ). */
export const samePolicy = (a: SynthesizedPolicies, b: SynthesizedPolicies, handlerFile: string) =>
  JSON.stringify(permissions(a.of(handlerFile))) === JSON.stringify(permissions(b.of(handlerFile)));
