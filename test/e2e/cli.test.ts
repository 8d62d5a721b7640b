/**
 * The command line outside of serving: help and mistakes in the flags. Both
 * must end the process at once, before any listener opens.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { AuditLog } from '../../src/audit/audit-log.js';

import { cleanUp, makeTempDir, runRedOctober } from './harness.js';

afterEach(cleanUp);

describe('command line', () => {
  it('prints the usage with -h and exits 0', async () => {
    const run = await runRedOctober(['-h'], { cwd: await makeTempDir() });

    expect(run).toMatchObject({ code: 0, signal: null });
    expect(run.stdout).toMatch(/^Usage:/);
    expect(run.stdout).toContain('-vaultpath');
    expect(run.stdout).toContain('-certs');
  });

  it('refuses an unknown flag with a message naming it and a non-zero exit', async () => {
    const run = await runRedOctober(['-vaultpath', 'memory', '-bogus', '1'], {
      cwd: await makeTempDir(),
    });

    expect(run.signal).toBeNull();
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/bogus/);
    expect(run.stdout).not.toMatch(/listening/);
  });
});

describe('redoctober audit verify', () => {
  it('reports an intact chain with its last hash, and the first broken line with exit 1', async () => {
    const folder = await makeTempDir();
    const log = await AuditLog.open(join(folder, 'audit.jsonl'));
    for (const event of ['/create', '/create-user', '/delegate']) await log.record({ event, actor: 'Alice', outcome: 'ok' });
    await log.close();
    const lines = (await readFile(join(folder, 'audit.jsonl'), 'utf8')).trimEnd().split('\n');
    const lastHash = JSON.parse(lines[2]!).hash;

    const intact = await runRedOctober(['audit', 'verify', 'audit.jsonl'], { cwd: folder });
    expect(intact.code).toBe(0);
    expect(intact.stdout).toBe(`audit.jsonl: 3 entries, chain intact, last hash ${lastHash}\n`);

    await writeFile(join(folder, 'audit.jsonl'), `${[lines[0], lines[2]].join('\n')}\n`);
    const broken = await runRedOctober(['audit', 'verify', 'audit.jsonl'], { cwd: folder });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('audit.jsonl: broken at line 2');

    const missing = await runRedOctober(['audit', 'verify', 'missing.jsonl'], { cwd: folder });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^redoctober: missing\.jsonl: ENOENT: no such file or directory/);
  });
});
