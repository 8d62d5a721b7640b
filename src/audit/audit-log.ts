/**
 * The tamper-evident audit trail: one JSON line per security-relevant event,
 * appended and synced. Each entry carries the SHA-256 of the entry before it
 * (`prev`) and of itself (`hash`, over the entry without that field), so
 * editing, deleting, inserting or reordering lines breaks the chain at that
 * place. (Whoever can rewrite the whole file can forge a new chain; ship
 * entries off the box — `stdout: true` — to anchor them.)
 *
 * Entries name users, endpoints, outcomes, labels and blob ids (a blob's
 * SHA-256), never a password, key, share or plaintext.
 */
import { createHash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';

import { SerialQueue } from '../serial-queue.js';

export type AuditDetails = Record<string, string | number | boolean | string[] | null | undefined>;

export interface AuditEvent extends AuditDetails {
  event: string;
  actor?: string;
  outcome: string;
}

export const GENESIS_HASH = '0'.repeat(64);

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The line for an entry: fixed leading fields, then the details, then its hash. */
function sealEntry(entry: Record<string, unknown>): string {
  const body = JSON.stringify(entry);
  return JSON.stringify({ ...entry, hash: hashOf(body) });
}

export class AuditLog {
  private readonly writes = new SerialQueue();
  private healthy = true;

  private constructor(
    private readonly file: FileHandle,
    private readonly path: string,
    private seq: number,
    private prev: string,
    /** Bytes of whole entries: a failed append is cut back to here. */
    private size: number,
    private readonly echo?: (line: string) => void,
  ) {}

  /**
   * Opens (or creates, mode 0600) the log and continues its chain. Throws if
   * the existing file is not a valid chain: a broken trail is not silently
   * extended. A last line cut short (a crash or a full disk mid-append) is
   * removed, and the removal is the first entry written.
   */
  static async open(path: string, options: { echo?: (line: string) => void } = {}): Promise<AuditLog> {
    const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const { whole, tornBytes } = splitTornTail(existing);
    const verdict = verifyAuditLog(whole);
    if (!verdict.ok) throw new Error(`audit log ${path} is broken at line ${verdict.line}: ${verdict.reason}`);
    const file = await open(path, 'a', 0o600);
    const size = Buffer.byteLength(whole);
    if (tornBytes > 0) await file.truncate(size);
    const log = new AuditLog(file, path, verdict.entries, verdict.lastHash, size, options.echo);
    if (tornBytes > 0) await log.record({ event: 'audit-torn-line-removed', outcome: 'ok', bytes: tornBytes });
    return log;
  }

  get isHealthy(): boolean {
    return this.healthy;
  }

  get location(): string {
    return this.path;
  }

  /** Appends and syncs one entry; resolves once it is on disk. Throws if it could not be written. */
  record(event: AuditEvent): Promise<void> {
    return this.writes.run(async () => {
      const fixed = { seq: this.seq + 1, time: new Date().toISOString(), prev: this.prev };
      // The fixed fields lead, and no detail of the same name can stand in for one.
      const entry = Object.assign({ ...fixed }, withoutUndefined(event), fixed);
      const line = `${sealEntry(entry)}\n`;
      try {
        await this.file.appendFile(line);
        await this.file.datasync();
      } catch (error) {
        this.healthy = false;
        // Whatever part of the line reached the disk would break the chain for good.
        await this.file.truncate(this.size).catch(() => undefined);
        throw error;
      }
      this.healthy = true;
      this.size += Buffer.byteLength(line);
      this.seq = entry.seq;
      this.prev = (JSON.parse(line) as { hash: string }).hash;
      this.echo?.(line);
    });
  }

  async close(): Promise<void> {
    await this.writes.drain();
    await this.file.close();
  }
}

/** The whole entries of a log's text, and the bytes of a last line cut short, if any. */
function splitTornTail(text: string): { whole: string; tornBytes: number } {
  if (text === '' || text.endsWith('\n')) return { whole: text, tornBytes: 0 };
  const cut = text.lastIndexOf('\n') + 1;
  return { whole: text.slice(0, cut), tornBytes: Buffer.byteLength(text.slice(cut)) };
}

function withoutUndefined(event: AuditEvent): AuditDetails {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined));
}

export type AuditVerdict =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; line: number; reason: string };

/** Checks a whole log; names the first line (1-based) where the chain breaks. */
export function verifyAuditLog(text: string): AuditVerdict {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let prev = GENESIS_HASH;
  for (const [index, line] of lines.entries()) {
    const number = index + 1;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line);
    } catch {
      return { ok: false, line: number, reason: 'not a JSON entry' };
    }
    // As written, byte for byte: a duplicated key or added space would read the same once parsed.
    if (JSON.stringify(entry) !== line) return { ok: false, line: number, reason: 'not written as the server writes entries' };
    const { hash, ...rest } = entry;
    if (entry.seq !== number) return { ok: false, line: number, reason: `sequence number ${String(entry.seq)}, expected ${number}` };
    if (entry.prev !== prev) return { ok: false, line: number, reason: 'does not follow the entry before it' };
    if (hash !== hashOf(JSON.stringify(rest))) return { ok: false, line: number, reason: 'its content does not match its hash' };
    prev = hash as string;
  }
  return { ok: true, entries: lines.length, lastHash: prev };
}
