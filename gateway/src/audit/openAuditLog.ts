import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { AUDIT_COLLECTION, createAuditLog, type AuditLog, type AuditRecord } from './auditLog.ts';
import { AuditJournal } from './auditJournal.ts';
import { ensureAuditIndexes } from './ensureAuditIndexes.ts';

/** Options of {@link openAuditLog}. */
export interface OpenAuditLogOptions {
  /** MongoDB URI of the audit store. Required. */
  mongoUri: string;
  /** Folder of a local audit journal (one per gateway process): journal mode. Default unset: store mode. */
  journalDir?: string;
  /** With `journalDir`: one `fsync` per batch of appends before its responses leave. Default true. */
  journalFsync?: boolean;
  logger: Logger;
}

/** An audit log and the connection it writes through. */
export interface OpenedAuditLog {
  log: AuditLog;
  /** Flushes the log (in journal mode, what is not stored stays for the next start), closes it and its connection. */
  close(): Promise<void>;
}

/**
 * The audit set-up of the request path's last step: connects to the audit store, indexes it for
 * the trail's reads (`ensureAuditIndexes`, from the store's `buildInfo`), opens the journal when
 * `journalDir` is set (shipping what an earlier process left) and makes the log. Each failure
 * closes what was opened and says which step failed.
 */
export async function openAuditLog(options: OpenAuditLogOptions): Promise<OpenedAuditLog> {
  const { logger } = options;
  if (options.journalDir !== undefined && !options.journalDir) throw new Error('gateway: auditJournalDir must name a folder');
  const connection = await mongoose.createConnection(options.mongoUri, { serverSelectionTimeoutMS: 5000, serverMonitoringMode: 'poll' }).asPromise();
  const auditEvents = connection.collection<AuditRecord>(AUDIT_COLLECTION);
  try {
    const build = await connection.db!.admin().buildInfo();
    const { indexed, dropped } = await ensureAuditIndexes(auditEvents, build);
    logger.info({ indexed, dropped, store: build.ferretdbVersion ? `FerretDB ${build.ferretdbVersion}` : `MongoDB ${build.version}` }, 'audit store indexed');
  } catch (err) {
    await connection.close();
    throw new Error(`gateway: cannot index the audit store: ${(err as Error).message}`);
  }
  let journal: AuditJournal | undefined;
  try {
    journal = openJournal(options.journalDir, options.journalFsync ?? true, logger);
  } catch (err) {
    await connection.close();
    throw new Error(`gateway: cannot open the audit journal: ${(err as Error).message}`);
  }
  const log = createAuditLog(auditEvents, { journal, onWrite: logFailedWrite(logger) });
  return {
    log,
    async close() {
      await log.flush();
      if (log.backlog > 0) logger.warn({ events: log.backlog }, 'audit events left in the journal; the next start ships them');
      log.close();
      await connection.close();
    },
  };
}

function openJournal(dir: string | undefined, fsync: boolean, logger: Logger): AuditJournal | undefined {
  if (!dir) return undefined;
  const journal = AuditJournal.open({ dir, fsync });
  if (journal.recovered.length > 0 || journal.unreadableLines > 0) {
    logger.warn({ events: journal.recovered.length, unreadableLines: journal.unreadableLines, dir }, 'audit journal: shipping events an earlier process left');
  }
  return journal;
}

function logFailedWrite(logger: Logger): (seconds: number, ok: boolean, events: number) => void {
  return (seconds, ok, events) => {
    if (!ok) logger.error({ events, seconds }, 'audit store write failed');
  };
}
