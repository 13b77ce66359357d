import { Metrics } from '@aws-lambda-powertools/metrics';
import { PowertoolsBusinessMetrics } from '../adapters/powertools/powertools-business-metrics';
import { requireEnv } from '../shared/config';
import { logger, SERVICE_NAME } from '../shared/logger';

/**
 * Business metrics in the namespace POWERTOOLS_METRICS_NAMESPACE. A route's composition builds one
 * at cold start and gives the same instance to the flows that count and to the route that flushes.
 */
export function businessMetricsFromEnv(): PowertoolsBusinessMetrics {
  const { POWERTOOLS_METRICS_NAMESPACE } = requireEnv('POWERTOOLS_METRICS_NAMESPACE');
  return new PowertoolsBusinessMetrics(new Metrics({ namespace: POWERTOOLS_METRICS_NAMESPACE, serviceName: SERVICE_NAME }), logger);
}
