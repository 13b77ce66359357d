import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs cdk-nag's AwsSolutions rules on every synth: an unacknowledged finding fails synthesis
 * (and so `npm run synth` and the infrastructure tests).
 */
export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Records why a cdk-nag rule does not apply to `scope`. Every acknowledgement in this project goes
 * through here with a specific reason, next to the resource it concerns.
 */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}
