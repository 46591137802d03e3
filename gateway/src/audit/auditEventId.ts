import { randomBytes } from 'node:crypto';
import { AUDIT_EVENT_ID_PREFIX } from '@confero/directives';

/** Prefix of every audit event id (the graph's `auditEvents` cursors are checked against it). */
export { AUDIT_EVENT_ID_PREFIX };

/** Tells this process's ids from another gateway's that wrote in the same millisecond. */
const PROCESS_TAG = randomBytes(4).toString('hex');
let sequence = 0;

/**
 * A new audit event id that sorts in time order: `aud_<ms since epoch, 15 digits>_<process>_<sequence>`.
 * Ids of one process sort exactly in the order they were made; across gateways, by millisecond.
 * Listing by `_id` descending is then newest first.
 */
export function auditEventId(at: Date): string {
  sequence = (sequence + 1) % 36 ** 8;
  const ms = String(Math.max(0, at.getTime())).padStart(15, '0');
  return `${AUDIT_EVENT_ID_PREFIX}${ms}_${PROCESS_TAG}_${sequence.toString(36).padStart(8, '0')}`;
}
