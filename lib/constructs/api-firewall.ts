import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ApiFirewallProps {
  /** ARN of the API Gateway stage to protect. */
  readonly stageArn: string;
  /**
   * Path fragments of the public, unauthenticated routes (e.g. "/mfa-recovery/"): each gets a
   * per-source-IP rate-based rule on top of API Gateway's throttling.
   */
  readonly publicPathFragments: readonly string[];
  /** Requests per source IP per 5 minutes on those routes before WAF blocks the IP. */
  readonly publicRequestsPer5Minutes: number;
}

/**
 * A WAFv2 web ACL on the API stage: AWS's common and known-bad-input rule sets, plus per-IP rate
 * limits on the public routes (API Gateway throttling is per stage/method, not per client, so
 * one client could otherwise spend the whole budget).
 */
export class ApiFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });
    const rateLimited = (fragment: string, index: number): wafv2.CfnWebACL.RuleProperty => {
      const name = `RateLimit${fragment.replace(/[^A-Za-z0-9]/g, '')}`;
      return {
        name,
        priority: 10 + index,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: props.publicRequestsPer5Minutes,
            evaluationWindowSec: 300,
            aggregateKeyType: 'IP',
            scopeDownStatement: {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'CONTAINS',
                searchString: fragment,
                textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
              },
            },
          },
        },
        visibilityConfig: visibility(name),
      };
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('AccountLifecycleApi'),
      rules: [managed('AWSManagedRulesCommonRuleSet', 1), managed('AWSManagedRulesKnownBadInputsRuleSet', 2), ...props.publicPathFragments.map(rateLimited)],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.stageArn, webAclArn: this.webAcl.attrArn });
  }
}
