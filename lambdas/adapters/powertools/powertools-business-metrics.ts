import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BusinessEvent, BusinessMetrics, RefusalReason } from '../../ports/business-metrics';
import type { AppLogger } from '../../shared/logger';

/** The metric every refusal counts in, with its `reason` dimension. */
export const REFUSALS_METRIC = 'Refusals';

/**
 * `BusinessMetrics` over Powertools Metrics: CloudWatch embedded metric format, i.e. a JSON log
 * line CloudWatch turns into metrics. No AWS call, so no latency and no failure mode of its own.
 */
export class PowertoolsBusinessMetrics implements BusinessMetrics {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: AppLogger,
  ) {}

  count(event: BusinessEvent): void {
    this.safely(event, () => this.metrics.addMetric(event, MetricUnit.Count, 1));
  }

  refused(reason: RefusalReason): void {
    // A metric of its own, written at once: the dimension must not reach the invocation's other metrics.
    this.safely(REFUSALS_METRIC, () => this.metrics.singleMetric().addDimension('reason', reason).addMetric(REFUSALS_METRIC, MetricUnit.Count, 1));
  }

  flush(): void {
    this.safely('flush', () => {
      if (this.metrics.hasStoredMetrics()) this.metrics.publishStoredMetrics();
    });
  }

  private safely(metric: string, record: () => unknown): void {
    try {
      record();
    } catch (error) {
      this.logger.warn('business metric not published', { metric, error: error as Error });
    }
  }
}
