import { closeSync, fdatasync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '@confero/directives';
import { takeJournalLock } from './takeJournalLock.ts';

/** Options of {@link AuditJournal.open}. */
export interface AuditJournalOptions {
  /** Folder of the journal: one per gateway process (a lock file keeps a second one out). Created if missing. */
  dir: string;
  /** A segment file grows to about this many bytes before the next one starts. Default 8 MiB. */
  segmentBytes?: number;
  /**
   * Make appends durable against a crash of the machine: {@link AuditJournal.sync} waits for a
   * sync of the journal (`fdatasync`: the appended data and the file's size; one for all the
   * appends made while the previous one ran), and a new segment's folder entry is synced too. Off: an append is in the operating system's page
   * cache, which survives a crash of the process but not of the machine. Default true.
   */
  fsync?: boolean;
}

interface Segment {
  path: string;
  /** Open for appending; only the current segment is. */
  fd?: number;
  bytes: number;
  /** Events in the segment not yet confirmed stored. */
  unshipped: number;
  /** An asynchronous fsync of `fd` is under way. */
  syncing?: boolean;
  /** The descriptor to close once that fsync ends (the segment was closed or dropped meanwhile). */
  closeAfterSync?: number;
}

const SEGMENT = /^audit-(\d{10})\.jsonl$/;
const LOCK = 'journal.lock';

/**
 * Local write-ahead journal of audit events: each event is appended (a synchronous write, so it
 * is in the operating system's hands, and survives a crash of the process, before the response
 * leaves) to a segment file of JSON lines; a segment is deleted once every event in it is
 * confirmed stored in the audit store. On start, the segments left by a process that stopped
 * without shipping are read back ({@link AuditJournal.recovered}) to be shipped again.
 *
 * With `fsync`, {@link AuditJournal.sync} makes what was appended durable against a crash of
 * the machine: group commit, one `fsync` per batch of appends, never one per event.
 */
export class AuditJournal {
  private readonly segments = new Map<number, Segment>();
  private current = 0;
  /** Sum of the segments' `unshipped` (read for every event recorded, so kept rather than summed). */
  private unshippedTotal = 0;
  private readonly lockPath: string;
  /** Callers of {@link sync} waiting for the next fsync to start. */
  private syncWaiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private syncUnderway = false;
  private syncsDone = 0;
  /** Set by the first failed fsync: the journal no longer vouches for anything written. */
  private syncFailure: Error | undefined;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    /** Appends are made durable by {@link sync} (`fsync`); else {@link sync} resolves at once. */
    readonly fsync: boolean,
    /** Events left by an earlier process, with the segment each came from. */
    readonly recovered: Array<{ record: AuditRecord; segment: number }>,
    /** Lines of earlier segments that could not be read (a write torn by a crash). */
    readonly unreadableLines: number,
  ) {
    this.lockPath = join(dir, LOCK);
  }

  /** Opens (or creates) the journal in `dir`, taking its lock and reading back what earlier processes left. */
  static open(options: AuditJournalOptions): AuditJournal {
    const { dir, segmentBytes = 8 * 1024 * 1024, fsync = true } = options;
    if (!dir) throw new Error('AuditJournal: dir is required');
    if (!Number.isInteger(segmentBytes) || segmentBytes < 1) throw new Error(`AuditJournal: segmentBytes must be a positive integer, got ${segmentBytes}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    takeJournalLock(join(dir, LOCK));
    const recovered: Array<{ record: AuditRecord; segment: number }> = [];
    const left: Array<{ number: number; path: string; count: number }> = [];
    let unreadableLines = 0;
    for (const match of readdirSync(dir).map((name) => SEGMENT.exec(name))) {
      if (!match) continue;
      const number = Number(match[1]);
      const path = join(dir, match[0]);
      let count = 0;
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line) continue;
        const record = parseRecord(line);
        if (record) {
          recovered.push({ record, segment: number });
          count += 1;
        } else unreadableLines += 1;
      }
      left.push({ number, path, count });
    }
    const journal = new AuditJournal(dir, segmentBytes, fsync, recovered, unreadableLines);
    for (const { number, path, count } of left) {
      journal.segments.set(number, { path, bytes: 0, unshipped: count });
      journal.unshippedTotal += count;
      journal.current = Math.max(journal.current, number);
      if (count === 0) journal.drop(number);
    }
    journal.startSegment(journal.current + 1);
    return journal;
  }

  /**
   * Appends the records (one write); returns the segment they went to. Throws when the disk
   * refuses the write. With `fsync`, they are durable once a {@link sync} called after it resolves.
   */
  append(records: readonly AuditRecord[]): number {
    let segment = this.segments.get(this.current)!;
    if (segment.bytes >= this.segmentBytes) segment = this.startSegment(this.current + 1);
    const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const buffer = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < buffer.length) written += writeSync(segment.fd!, buffer, written);
    segment.bytes += buffer.length;
    segment.unshipped += records.length;
    this.unshippedTotal += records.length;
    return this.current;
  }

  /** Notes that `count` events of `segment` are stored; a segment with none left goes (or, the current one, is emptied). */
  shipped(segment: number, count: number): void {
    const entry = this.segments.get(segment);
    if (!entry) return;
    const done = Math.min(count, entry.unshipped);
    entry.unshipped -= done;
    this.unshippedTotal -= done;
    if (entry.unshipped > 0) return;
    if (segment === this.current) {
      ftruncateSync(entry.fd!, 0);
      entry.bytes = 0;
    } else this.drop(segment);
  }

  /**
   * Resolves once everything appended before the call is on stable storage: it waits for the
   * next `fsync` of the journal to start and end, and every caller that came while the previous
   * one ran shares it (group commit). Without `fsync`, resolves at once. Rejects when the fsync
   * fails, and from then on always: after a failed fsync the system may have dropped the
   * unwritten pages, so nothing written since can be vouched for (restart the process).
   */
  sync(): Promise<void> {
    if (!this.fsync) return Promise.resolve();
    if (this.syncFailure) return Promise.reject(this.syncFailure);
    if (this.closed) return Promise.reject(new Error('audit journal closed'));
    return new Promise((resolve, reject) => {
      this.syncWaiters.push({ resolve, reject });
      if (!this.syncUnderway) this.startSync();
    });
  }

  /** How many fsyncs {@link sync} has completed: one per batch of appends, whatever the events in it. */
  get syncs(): number {
    return this.syncsDone;
  }

  /** Events appended (or recovered) and not yet confirmed stored. */
  get unshipped(): number {
    return this.unshippedTotal;
  }

  /** Closes the files and releases the lock; what is not shipped stays on disk for the next start. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    if (waiters.length > 0) {
      // Appended after the last fsync started: synced here, at once, rather than left waiting.
      const failure = this.syncNow(this.segments.get(this.current));
      for (const w of waiters) failure ? w.reject(failure) : w.resolve();
    }
    for (const s of this.segments.values()) this.closeSegment(s);
    try {
      unlinkSync(this.lockPath);
    } catch {
      // Already gone.
    }
  }

  private startSegment(number: number): Segment {
    const previous = this.segments.get(this.current);
    if (previous?.fd !== undefined) {
      // The next fsync goes to the new segment: what the old one holds is synced now (once a segment).
      if (this.fsync) {
        const failure = this.syncNow(previous);
        if (failure) throw failure;
      }
      this.closeSegment(previous);
      if (previous.unshipped === 0) this.drop(this.current);
    }
    const path = join(this.dir, `audit-${String(number).padStart(10, '0')}.jsonl`);
    // Who looked at whose data is itself confidential: only this user may read the journal.
    const segment: Segment = { path, fd: openSync(path, 'a', 0o600), bytes: 0, unshipped: 0 };
    this.segments.set(number, segment);
    this.current = number;
    if (this.fsync) syncFolder(this.dir); // the new file's name, so that a machine crash cannot lose the file
    return segment;
  }

  /** Starts one fsync of the current segment for every caller of {@link sync} waiting now. */
  private startSync(): void {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    const segment = this.segments.get(this.current)!;
    const fd = segment.fd!;
    this.syncUnderway = true;
    segment.syncing = true;
    // fdatasync: the appended bytes and the file's new size, without the timestamps an fsync
    // would also write (the journal's reader needs the data, not the mtime).
    fdatasync(fd, (err) => {
      segment.syncing = false;
      if (segment.closeAfterSync !== undefined) {
        closeSync(segment.closeAfterSync);
        segment.closeAfterSync = undefined;
      }
      this.syncUnderway = false;
      if (err) this.syncFailure ??= new Error(`audit journal fsync failed: ${err.message}`);
      else this.syncsDone += 1;
      for (const w of waiters) (err ? w.reject(this.syncFailure!) : w.resolve());
      if (this.syncWaiters.length === 0) return;
      if (this.syncFailure || this.closed) {
        const late = this.syncWaiters;
        this.syncWaiters = [];
        for (const w of late) w.reject(this.syncFailure ?? new Error('audit journal closed'));
      } else this.startSync();
    });
  }

  /** A synchronous fsync of `segment` (rare: a segment's end, closing); the error, if it fails. */
  private syncNow(segment: Segment | undefined): Error | undefined {
    if (!this.fsync || segment?.fd === undefined) return this.syncFailure;
    try {
      fsyncSync(segment.fd);
      return this.syncFailure;
    } catch (err) {
      this.syncFailure ??= new Error(`audit journal fsync failed: ${(err as Error).message}`);
      return this.syncFailure;
    }
  }

  /** Closes a segment's file, or has it closed when the fsync under way on it ends. */
  private closeSegment(segment: Segment): void {
    if (segment.fd === undefined) return;
    if (segment.syncing) segment.closeAfterSync = segment.fd;
    else closeSync(segment.fd);
    segment.fd = undefined;
  }

  private drop(number: number): void {
    const segment = this.segments.get(number);
    if (!segment) return;
    this.closeSegment(segment);
    unlinkSync(segment.path);
    this.segments.delete(number);
  }
}

/** Syncs a folder's entries (a file created in it is then found after a machine crash). */
function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function parseRecord(line: string): AuditRecord | undefined {
  try {
    const value = JSON.parse(line) as AuditRecord & { at: string };
    if (typeof value?._id !== 'string' || typeof value.at !== 'string') return undefined;
    const at = new Date(value.at);
    if (Number.isNaN(at.getTime())) return undefined;
    return { ...value, at };
  } catch {
    return undefined;
  }
}
