import type { Caller } from '@confero/directives';
import type { PrivacyPlan } from '../privacy/index.ts';
import type { PrivacyEngineObserver } from '../execution/privacyEngine.ts';
import type { GatewayMetrics } from './createGatewayMetrics.ts';

type Increment = readonly [{ inc(value: number): void }, number];

/**
 * The privacy engine's metrics hooks. Withheld and masked fields are counted from the plan's
 * summaries (never by walking a response): the increments of a plan are worked out once and
 * kept with it (a plan belongs to one role and purpose), so a request costs a few `inc` calls.
 */
export function privacyMetricsObserver(metrics: GatewayMetrics): PrivacyEngineObserver {
  const byPlan = new WeakMap<PrivacyPlan, readonly Increment[]>();
  const auditOk = metrics.auditWriteDuration.labels('ok');
  const auditFailed = metrics.auditWriteDuration.labels('failed');

  const incrementsOf = (plan: PrivacyPlan, caller: Caller): readonly Increment[] => {
    const purpose = caller.purpose ?? 'none';
    const count = (entries: ReadonlyArray<{ category: string }>, counter: GatewayMetrics['fieldsWithheld']): Increment[] => {
      const perCategory = new Map<string, number>();
      for (const { category } of entries) perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
      return [...perCategory].map(([category, n]) => [counter.labels(caller.role, purpose, category), n] as const);
    };
    return [...count(plan.withheld, metrics.fieldsWithheld), ...count(plan.masked, metrics.fieldsMasked)];
  };

  return {
    applied(plan, caller) {
      let increments = byPlan.get(plan);
      if (!increments) byPlan.set(plan, (increments = incrementsOf(plan, caller)));
      for (const [counter, n] of increments) counter.inc(n);
    },
    audited(seconds, ok) {
      (ok ? auditOk : auditFailed).observe(seconds);
      if (!ok) metrics.auditWriteFailures.inc();
    },
  };
}
