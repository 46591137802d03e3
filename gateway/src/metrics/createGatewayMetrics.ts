import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where the plan-cache counters come from (the engine's `PlanCache`). */
export interface PlanCacheStats {
  stats(): { size: number; hits: number; misses: number };
}

/** Options of {@link createGatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** The privacy plan cache, read at scrape time (nothing is counted on the request path). */
  planCache: PlanCacheStats;
  /** The audit log, read at scrape time for its backlog (and its journal's fsyncs, when it has a journal that syncs). Default: none (no audit metrics read at scrape time). */
  audit?: { readonly backlog: number; readonly journalSyncs?: number };
  /** Most distinct operation names labelled; later names count as `__other`. Default 200. */
  maxOperationNames?: number;
}

/** The gateway's metrics, in a registry of their own (never prom-client's global one). */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'operation' | 'status'>;
  readonly requestDuration: Histogram<'operation'>;
  readonly fieldsWithheld: Counter<'role' | 'purpose' | 'category'>;
  readonly fieldsMasked: Counter<'role' | 'purpose' | 'category'>;
  readonly auditWriteDuration: Histogram<'outcome'>;
  readonly auditWriteFailures: Counter<string>;
  readonly subgraphErrors: Counter<'subgraph' | 'code'>;
  /** The operation label for a name: bounded in number, so callers cannot blow up the series. */
  operationLabel(name: string | null | undefined, resolved: boolean): string;
}

/** Creates one gateway instance's metrics. */
export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const planCache = options.planCache;
  const maxNames = options.maxOperationNames ?? 200;
  const names = new Set<string>();

  new Counter({
    name: 'confero_privacy_plan_cache_hits_total',
    help: 'Privacy plans found in the plan cache.',
    registers,
    collect() {
      this.reset();
      this.inc(planCache.stats().hits);
    },
  });
  new Counter({
    name: 'confero_privacy_plan_cache_misses_total',
    help: 'Privacy plans not in the plan cache (compiled).',
    registers,
    collect() {
      this.reset();
      this.inc(planCache.stats().misses);
    },
  });
  new Gauge({
    name: 'confero_privacy_plan_cache_entries',
    help: 'Privacy plans currently cached.',
    registers,
    collect() {
      this.set(planCache.stats().size);
    },
  });
  const audit = options.audit;
  if (audit) {
    new Gauge({
      name: 'confero_audit_backlog_events',
      help: 'Audit events accepted and not yet stored (with a journal: appended to it and waiting to be shipped to the audit store).',
      registers,
      collect() {
        this.set(audit.backlog);
      },
    });
    if (audit.journalSyncs !== undefined) {
      new Counter({
        name: 'confero_audit_journal_fsyncs_total',
        help: 'fsyncs of the audit journal that released responses: one per group-commit batch of events (AUDIT_JOURNAL_FSYNC).',
        registers,
        collect() {
          this.reset();
          this.inc(audit.journalSyncs ?? 0);
        },
      });
    }
  }

  return {
    registry,
    requests: new Counter({
      name: 'confero_gateway_requests_total',
      help: 'GraphQL endpoint requests, by operation name and HTTP status (operation "none" when refused before parsing, "anonymous" when unnamed).',
      labelNames: ['operation', 'status'],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'confero_gateway_request_duration_seconds',
      help: 'Time from request to response at the GraphQL endpoint, by operation name.',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    fieldsWithheld: new Counter({
      name: 'confero_privacy_fields_withheld_total',
      help: 'PII field selections withheld (denied), per executed operation, by role, purpose and category.',
      labelNames: ['role', 'purpose', 'category'],
      registers,
    }),
    fieldsMasked: new Counter({
      name: 'confero_privacy_fields_masked_total',
      help: 'PII field selections masked, per executed operation, by role, purpose and category.',
      labelNames: ['role', 'purpose', 'category'],
      registers,
    }),
    auditWriteDuration: new Histogram({
      name: 'confero_audit_write_duration_seconds',
      help: 'Time a response waited for its audit event to be written, by outcome (ok, failed).',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    auditWriteFailures: new Counter({
      name: 'confero_audit_write_failures_total',
      help: 'Audit writes that failed or timed out (the personal data of those responses was withheld).',
      registers,
    }),
    subgraphErrors: new Counter({
      name: 'confero_gateway_subgraph_errors_total',
      help: 'Errors from subgraphs (failed requests and GraphQL errors in their answers), by subgraph and error code.',
      labelNames: ['subgraph', 'code'],
      registers,
    }),
    operationLabel(name, resolved) {
      if (!name) return resolved ? 'anonymous' : 'none';
      if (names.has(name)) return name;
      if (names.size >= maxNames) return '__other';
      names.add(name);
      return name;
    },
  };
}
