/** A GraphQL response as the gateway sends it (only what the explorer reads). */
export interface GraphQLResult {
  data?: unknown;
  errors?: GraphQLErrorEntry[];
  extensions?: { privacy?: PrivacyExtension } & Record<string, unknown>;
}

export interface GraphQLErrorEntry {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; denied?: DeniedField[] } & Record<string, unknown>;
}

/** `extensions.privacy` of a response that ran (entries at concrete paths) or of an explain request. */
export interface PrivacyExtension {
  withheld?: PrivacyEntry[];
  masked?: PrivacyEntry[];
  withheldCount?: number;
  maskedCount?: number;
  truncated?: boolean;
  explain?: ExplainPlan;
}

export interface PrivacyEntry {
  path: Array<string | number>;
  coordinate: string;
  category: string;
  reason?: string;
  strategy?: string;
}

/** The plan `x-privacy-explain: 1` returns: every `@pii` field of the operation with its decision. */
export interface ExplainPlan {
  fields: FieldDecision[];
  withheld: number;
  unchanged: boolean;
}

/** One `@pii` field's decision, by response-key path (no list indices). */
export interface FieldDecision {
  path: string[];
  coordinate: string;
  category: string;
  effect: 'allow' | 'mask' | 'deny';
  strategy?: string;
  reason: string;
  rule: string;
  condition?: { consent: string };
}

/** A field strict mode refused (`PII_DENIED`'s `extensions.denied`). */
export interface DeniedField {
  path: string[];
  coordinate: string;
  reason: string;
}

/** A request's outcome as the page keeps it: the HTTP status and the body. */
export interface RunOutcome {
  status: number;
  result: GraphQLResult;
}
