import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '@confero/directives';

/** Options of {@link AuditJournal.open}. */
export interface AuditJournalOptions {
  /** Folder of the journal: one per gateway process (a lock file keeps a second one out). Created if missing. */
  dir: string;
  /** A segment file grows to about this many bytes before the next one starts. Default 8 MiB. */
  segmentBytes?: number;
}

interface Segment {
  path: string;
  /** Open for appending; only the current segment is. */
  fd?: number;
  bytes: number;
  /** Events in the segment not yet confirmed stored. */
  unshipped: number;
}

const SEGMENT = /^audit-(\d{10})\.jsonl$/;
const LOCK = 'journal.lock';

/**
 * Local write-ahead journal of audit events: each event is appended (a synchronous write, so it
 * is in the operating system's hands, and survives a crash of the process, before the response
 * leaves) to a segment file of JSON lines; a segment is deleted once every event in it is
 * confirmed stored in the audit store. On start, the segments left by a process that stopped
 * without shipping are read back ({@link AuditJournal.recovered}) to be shipped again.
 */
export class AuditJournal {
  private readonly segments = new Map<number, Segment>();
  private current = 0;
  /** Sum of the segments' `unshipped` (read for every event recorded, so kept rather than summed). */
  private unshippedTotal = 0;
  private readonly lockPath: string;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    /** Events left by an earlier process, with the segment each came from. */
    readonly recovered: Array<{ record: AuditRecord; segment: number }>,
    /** Lines of earlier segments that could not be read (a write torn by a crash). */
    readonly unreadableLines: number,
  ) {
    this.lockPath = join(dir, LOCK);
  }

  /** Opens (or creates) the journal in `dir`, taking its lock and reading back what earlier processes left. */
  static open(options: AuditJournalOptions): AuditJournal {
    const { dir, segmentBytes = 8 * 1024 * 1024 } = options;
    if (!dir) throw new Error('AuditJournal: dir is required');
    if (!Number.isInteger(segmentBytes) || segmentBytes < 1) throw new Error(`AuditJournal: segmentBytes must be a positive integer, got ${segmentBytes}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    takeLock(join(dir, LOCK));
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
    const journal = new AuditJournal(dir, segmentBytes, recovered, unreadableLines);
    for (const { number, path, count } of left) {
      journal.segments.set(number, { path, bytes: 0, unshipped: count });
      journal.unshippedTotal += count;
      journal.current = Math.max(journal.current, number);
      if (count === 0) journal.drop(number);
    }
    journal.startSegment(journal.current + 1);
    return journal;
  }

  /** Appends the records; returns the segment they went to. Throws when the disk refuses the write. */
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

  /** Events appended (or recovered) and not yet confirmed stored. */
  get unshipped(): number {
    return this.unshippedTotal;
  }

  /** Closes the files and releases the lock; what is not shipped stays on disk for the next start. */
  close(): void {
    for (const s of this.segments.values()) {
      if (s.fd !== undefined) closeSync(s.fd);
      s.fd = undefined;
    }
    try {
      unlinkSync(this.lockPath);
    } catch {
      // Already gone.
    }
  }

  private startSegment(number: number): Segment {
    const previous = this.segments.get(this.current);
    if (previous?.fd !== undefined) {
      closeSync(previous.fd);
      previous.fd = undefined;
      if (previous.unshipped === 0) this.drop(this.current);
    }
    const path = join(this.dir, `audit-${String(number).padStart(10, '0')}.jsonl`);
    // Who looked at whose data is itself confidential: only this user may read the journal.
    const segment: Segment = { path, fd: openSync(path, 'a', 0o600), bytes: 0, unshipped: 0 };
    this.segments.set(number, segment);
    this.current = number;
    return segment;
  }

  private drop(number: number): void {
    const segment = this.segments.get(number);
    if (!segment) return;
    if (segment.fd !== undefined) closeSync(segment.fd);
    unlinkSync(segment.path);
    this.segments.delete(number);
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

/** Takes the journal's lock file; a lock left by a process that is gone is taken over. */
function takeLock(path: string): void {
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number(readFileSync(path, 'utf8').trim());
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
    throw new Error(`AuditJournal: ${path} is held by process ${holder}; give each gateway process a journal folder of its own`);
  }
  writeFileSync(path, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
