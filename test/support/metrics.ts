import type { BusinessEvent, BusinessMetrics, RefusalReason } from '../../lambdas/ports/business-metrics';

/** A `BusinessMetrics` that remembers what the flows counted, for tests to assert on. */
export function recordingMetrics() {
  const counted: BusinessEvent[] = [];
  const refusals: RefusalReason[] = [];
  const metrics: BusinessMetrics & { counted: BusinessEvent[]; refusals: RefusalReason[] } = {
    counted,
    refusals,
    count: (event) => void counted.push(event),
    refused: (reason) => void refusals.push(reason),
    flush: () => {},
  };
  return metrics;
}
