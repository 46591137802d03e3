import type { AuditEvent } from '@confero/directives';

let seq = 0;

/** An audit event for the audit log's tests, with a request id of its own (`<prefix>-<n>`). */
export function testAuditEvent(overrides: Partial<AuditEvent> = {}, prefix = 'req'): AuditEvent {
  return {
    at: new Date(),
    requestId: `${prefix}-${++seq}`,
    subject: 'support-1',
    role: 'SUPPORT',
    purpose: 'SERVICES',
    operationName: 'Shoppers',
    fields: ['Shopper.email'],
    categories: ['IDENTIFIERS'],
    subjectIds: ['shp_000001'],
    subjectTypes: ['Shopper'],
    decisions: { allowed: 1, masked: 0, withheld: 0 },
    policyVersion: 'test',
    ...overrides,
  };
}
