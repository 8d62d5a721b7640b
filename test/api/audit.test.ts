/**
 * The audit trail: a session leaves the expected entries, no secret, and a
 * chain that exposes any edited, deleted or reordered line at its place.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { AuditLog, verifyAuditLog } from '../../src/audit/audit-log.js';
import { startTestApp } from '../support/app.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };
const CAROL = { Name: 'Carol', Password: 'c4r0l!' };
const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function auditedSession(): Promise<{ path: string; lines: string[]; blob: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'ro-audit-'));
  folders.push(folder);
  const path = join(folder, 'audit.jsonl');
  const log = await AuditLog.open(path);
  const t = await startTestApp({ vaultFixture: 'vault.json', audit: { log, failClosed: true } });

  await t.call('/create-user', { Name: 'Dora', Password: 'dora-secret-pw', UserType: 'ECC' });
  await t.call('/delegate', { ...BOB, Uses: 2, Time: '1h', Labels: ['ops'] });
  await t.call('/delegate', { ...CAROL, Uses: 2, Time: '1h', Labels: ['ops'] });
  const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 2, Owners: ['Bob', 'Carol'], Labels: ['ops'], Data: 'dG9wIHNlY3JldA==' })).Response;
  await t.call('/summary', ALICE);
  await t.call('/decrypt', { ...ALICE, Data: blob });
  await t.call('/decrypt', { ...ALICE, Password: 'guessing', Data: blob });
  await t.call('/modify', { ...ALICE, ToModify: 'Dora', Command: 'admin' });
  await t.call('/purge', ALICE);
  await log.close();
  return { path, lines: (await readFile(path, 'utf8')).trimEnd().split('\n'), blob };
}

describe('audit trail', () => {
  it('records every security-relevant request, and no secret', async () => {
    const { lines, blob } = await auditedSession();
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.map((entry) => [entry.event, entry.actor, entry.outcome])).toEqual([
      ['/create-user', 'Dora', 'ok'],
      ['/delegate', 'Bob', 'ok'],
      ['/delegate', 'Carol', 'ok'],
      ['/encrypt', 'Alice', 'ok'],
      ['/decrypt', 'Alice', 'ok'],
      ['/decrypt', 'Alice', 'ERR_WRONG_PASSWORD'],
      ['/modify', 'Alice', 'ok'],
      ['/purge', 'Alice', 'ok'],
    ]);
    expect(entries[1]).toMatchObject({ uses: 2, duration: '1h', labels: ['ops'], address: '127.0.0.1' });
    // The entry's own time: a request's fields never stand in for it.
    for (const entry of entries) expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(entries[1].expiry).toMatch(/^\d{4}-\d\d-\d\dT/);
    const blobId = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('hex');
    expect(entries[4]).toMatchObject({ blobId, delegates: ['Bob', 'Carol'], labels: ['ops'] });
    expect(entries[6]).toMatchObject({ target: 'Dora', command: 'admin' });

    const text = lines.join('\n');
    for (const secret of ['dora-secret-pw', BOB.Password, CAROL.Password, ALICE.Password, 'guessing', 'dG9wIHNlY3JldA==', 'top secret']) {
      expect(text).not.toContain(secret);
    }
    expect(verifyAuditLog(text + '\n')).toMatchObject({ ok: true, entries: 8 });
  });

  it('finds a flipped byte, a deleted line and two swapped lines where they are', async () => {
    const { lines } = await auditedSession();
    const flipped = [...lines];
    flipped[3] = flipped[3]!.replace('"outcome":"ok"', '"outcome":"ko"');
    expect(verifyAuditLog(flipped.join('\n'))).toEqual({ ok: false, line: 4, reason: 'its content does not match its hash' });

    const deleted = lines.filter((_, index) => index !== 5);
    expect(verifyAuditLog(deleted.join('\n'))).toMatchObject({ ok: false, line: 6 });

    const swapped = [...lines];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(verifyAuditLog(swapped.join('\n'))).toMatchObject({ ok: false, line: 3 });

    const doubled = [...lines];
    doubled[2] = doubled[2]!.replace('"actor":', '"actor":"Mallory","actor":');
    expect(verifyAuditLog(doubled.join('\n'))).toEqual({ ok: false, line: 3, reason: 'not written as the server writes entries' });

    const truncated = lines.slice(0, 7).join('\n') + '\n' + lines[7]!.slice(0, 40);
    expect(verifyAuditLog(truncated)).toEqual({ ok: false, line: 8, reason: 'not a JSON entry' });
  });

  it('continues the chain across restarts and refuses to extend a broken one', async () => {
    const { path, lines } = await auditedSession();
    const log = await AuditLog.open(path);
    await log.record({ event: 'server-started', outcome: 'ok' });
    await log.close();
    expect(verifyAuditLog(await readFile(path, 'utf8'))).toMatchObject({ ok: true, entries: lines.length + 1 });

    await writeFile(path, lines.slice(1).join('\n') + '\n');
    await expect(AuditLog.open(path)).rejects.toThrow(`audit log ${path} is broken at line 1`);
  });

  it('takes a line cut short by a failed write back off, and goes on with a whole chain', async () => {
    const { path, lines } = await auditedSession();
    const log = await AuditLog.open(path);
    const handle = (log as unknown as { file: { appendFile(data: string): Promise<void> } }).file;
    const append = handle.appendFile.bind(handle);
    handle.appendFile = async (data: string) => {
      await append(data.slice(0, 25));
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    };
    await expect(log.record({ event: '/purge', outcome: 'ok' })).rejects.toThrow('no space left');
    expect(await readFile(path, 'utf8')).toBe(`${lines.join('\n')}\n`);

    handle.appendFile = append;
    await log.record({ event: 'audit-resumed', outcome: 'ok' });
    await log.close();
    expect(verifyAuditLog(await readFile(path, 'utf8'))).toMatchObject({ ok: true, entries: lines.length + 1 });
  });

  it('removes a last line a crash cut short when it opens, and says so in the chain', async () => {
    const { path, lines } = await auditedSession();
    await writeFile(path, `${lines.join('\n')}\n{"seq":9,"time":"2026-`);
    const log = await AuditLog.open(path);
    await log.close();
    const after = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(after.slice(0, lines.length)).toEqual(lines);
    expect(JSON.parse(after.at(-1)!)).toMatchObject({ seq: 9, event: 'audit-torn-line-removed', bytes: 22 });
    expect(verifyAuditLog(after.join('\n'))).toMatchObject({ ok: true, entries: lines.length + 1 });
  });

  it('refuses a mutation it cannot record (fail closed)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ro-audit-'));
    folders.push(folder);
    const log = await AuditLog.open(join(folder, 'audit.jsonl'));
    const t = await startTestApp({ vaultFixture: 'vault.json', audit: { log, failClosed: true } });
    await log.close(); // the disk is gone from under it

    const first = await t.app.inject({ method: 'POST', url: '/delegate', payload: JSON.stringify({ ...BOB, Uses: 1, Time: '1h' }) });
    expect(JSON.parse(first.body).Status).toBe('audit log unavailable; the change was made but could not be recorded');
    const second = await t.call('/delegate', { ...CAROL, Uses: 1, Time: '1h' });
    expect(second.Status).toBe('audit log unavailable; the request was not carried out');
    expect(Object.keys((await t.call('/summary', ALICE)).Live)).toEqual(['Bob']);
  });
});
