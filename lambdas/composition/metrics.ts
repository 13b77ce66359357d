import { Metrics } from '@aws-lambda-powertools/metrics';
import { PowertoolsBusinessMetrics } from '../adapters/powertools/powertools-business-metrics';
import { requireEnv } from '../shared/config';
import { logger, SERVICE_NAME } from '../shared/logger';

let metrics: PowertoolsBusinessMetrics | undefined;

/**
 * The function's business metrics, in the namespace POWERTOOLS_METRICS_NAMESPACE: one instance per
 * Lambda instance, built on first use at cold start, shared by the flows that count and the route that flushes.
 */
export function businessMetricsFromEnv(): PowertoolsBusinessMetrics {
  const { POWERTOOLS_METRICS_NAMESPACE } = requireEnv('POWERTOOLS_METRICS_NAMESPACE');
  metrics ??= new PowertoolsBusinessMetrics(new Metrics({ namespace: POWERTOOLS_METRICS_NAMESPACE, serviceName: SERVICE_NAME }), logger);
  return metrics;
}
