/** Secrets of the benchmark's own system (loopback only, never used elsewhere). */
export const BENCH_SECRETS = {
  jwt: 'bench-jwt-secret-0123456789-0123456789-abcdef',
  callerContext: 'bench-caller-context-secret-0123456789-abcdef',
  hashKey: 'bench-pii-hash-key-0123456789',
} as const;
