import { Metrics } from '@aws-lambda-powertools/metrics';
import { bundle } from '../../../bench/bundle-size';
import { discoverHandlers, handlerEntry } from '../../../bench/handlers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PowertoolsBusinessMetrics, REFUSALS_METRIC } from '../../../lambdas/adapters/powertools/powertools-business-metrics';
import { handler as requestFunction } from '../../../lambdas/handlers/post-mfa-recovery-request';
import { adoptOnCreateConflict } from '../../../lambdas/identity/adoption-policy';
import { UserAlreadyExistsError } from '../../../lambdas/shared/errors';
import { logger } from '../../../lambdas/shared/logger';
import { apiEvent } from '../../support/events';
import { capturedMetrics } from '../../support/log-capture';
import { captureLogs } from '../../support/logs';
import { recordingMetrics } from '../../support/metrics';
import { FLOWS, resetClients } from '../fault-matrix/flows';
import { world } from '../fault-matrix/recovery-flows';
import { ADA } from '../mfa-recovery/support/world';
import { asFunction, callsBelongToNoFunction } from '../../support/aws-mocks';

// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const requestHandler = asFunction('post-mfa-recovery-request', requestFunction);
callsBelongToNoFunction("besides the request handler: the fault matrix's flows, whose calls iam-policy.test.ts holds to each function's role");

/** The EMF lines written while `run` ran: metric name -> value, with the line's dimensions. */
async function emitted(run: () => Promise<unknown>) {
  const before = capturedMetrics().length;
  await captureLogs(run);
  return capturedMetrics()
    .slice(before)
    .flatMap((line) =>
      line._aws.CloudWatchMetrics.flatMap((set: { Namespace: string; Metrics: { Name: string }[] }) =>
        set.Metrics.map((metric) => ({ namespace: set.Namespace, name: metric.Name, value: line[metric.Name], reason: line.reason as string | undefined })),
      ),
    );
}

beforeEach(resetClients);
afterEach(() => vi.restoreAllMocks());

describe('business metrics (embedded metric format, flushed once per invocation)', () => {
  it.each([
    ['postAdmins', 'AdminsProvisioned', 201],
    ['postAdminsResendInvite', 'InvitationsResent', 202],
    ['postMfaRecoveryRequest', 'RecoveryLinksSent', 202],
  ])('%s counts %s in the namespace from POWERTOOLS_METRICS_NAMESPACE', async (flow, metric, status) => {
    let statusCode = 0;
    const metrics = await emitted(async () => ({ statusCode } = (await FLOWS[flow].run([])).response));
    expect(statusCode).toBe(status);
    expect(metrics).toContainEqual({ namespace: 'AccountLifecycle', name: metric, value: 1, reason: undefined });
  });

  it('postMfaRecoveryConfirm counts RecoveriesCompleted, and the retry with the used link a refusal', async () => {
    const metrics = await emitted(() => FLOWS['postMfaRecoveryConfirm (reset)'].run([]));
    expect(metrics).toContainEqual(expect.objectContaining({ name: 'RecoveriesCompleted', value: 1 }));
    expect(metrics).toContainEqual(expect.objectContaining({ name: REFUSALS_METRIC, value: 1, reason: 'recovery-link-refused' }));
  });

  it('postMfaRecoveryCode counts RecoveryCodesUsed, and the retry with the used code a refusal', async () => {
    const metrics = await emitted(() => FLOWS.postMfaRecoveryCode.run([]));
    expect(metrics).toContainEqual(expect.objectContaining({ name: 'RecoveryCodesUsed', value: 1 }));
    expect(metrics).toContainEqual(expect.objectContaining({ name: REFUSALS_METRIC, value: 1, reason: 'recovery-code-refused' }));
  });

  it('counts a refused recovery request by its reason (the caller still gets the one answer)', async () => {
    world.reset();
    await world.seed(ADA);
    const wrongPassword = { username: ADA.email, password: 'not-the-password', license: ADA.licenses[0] };
    const metrics = await emitted(() => requestHandler(apiEvent({ body: wrongPassword, path: '/mfa-recovery/request' })));
    expect(metrics).toEqual([{ namespace: 'AccountLifecycle', name: REFUSALS_METRIC, value: 1, reason: 'recovery-wrong-password' }]);
  });

  it("counts an adoption refusal by the policy's reason", async () => {
    const metrics = recordingMetrics();
    const confirmed = { username: 'u', sub: 's', userId: 'other', email: 'a@example.com', status: 'CONFIRMED', enabled: true, createdAt: new Date(0) };
    const deps = {
      identity: { findUser: async () => confirmed },
      users: { findUserIdByEmail: async () => undefined, findUser: async () => undefined },
      clock: () => new Date(),
      logger,
      metrics,
    };
    const conflict = new UserAlreadyExistsError();
    await expect(captureLogs(() => adoptOnCreateConflict(deps, { email: 'a@example.com', createdUserId: 'mine' }, conflict))).rejects.toBe(conflict);
    expect(metrics.refusals).toEqual(['adoption-password-set']);
  });

  it('writes nothing (and warns nothing) for an invocation that counted nothing', async () => {
    const adapter = new PowertoolsBusinessMetrics(new Metrics({ namespace: 'AccountLifecycle' }), logger);
    const { records } = await captureLogs(async () => adapter.flush());
    expect(records).toEqual([]);
    expect(await emitted(async () => adapter.flush())).toEqual([]);
  });

  it('never turns a success into a failure: a metric that cannot be recorded is logged and dropped', async () => {
    vi.spyOn(Metrics.prototype, 'addMetric').mockImplementation(() => {
      throw new Error('metrics broken');
    });
    vi.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(() => {
      throw new Error('metrics broken');
    });
    const { result, records } = await captureLogs(() => FLOWS.postMfaRecoveryRequest.run([]));
    expect(result.response.statusCode).toBe(202);
    expect(result.left).toBe('link emailed, token ISSUED');
    expect(records).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'business metric not published' }));
  });
});

/** The handlers whose flows count business metrics; no other may carry the library's bytes. */
const PUBLISHERS = [
  'post-admins',
  'post-admins-resend-invite',
  'post-auth-new-password',
  'post-mfa-recovery-code',
  'post-mfa-recovery-confirm',
  'post-mfa-recovery-request',
  'post-users-mfa-reset',
];

describe('bundles', () => {
  it('only the handlers that publish business metrics bundle Powertools Metrics', async () => {
    const bundling: string[] = [];
    for (const handler of discoverHandlers()) {
      const { metafile } = await bundle(handlerEntry(handler), `${handler}.metrics-check`);
      if (Object.keys(metafile.inputs).some((input) => input.includes('@aws-lambda-powertools/metrics/'))) bundling.push(handler);
    }
    expect(bundling.sort()).toEqual(PUBLISHERS);
  }, 120_000);
});
