/**
 * The command line outside of serving: help and mistakes in the flags. Both
 * must end the process at once, before any listener opens.
 */
import { afterEach, describe, expect, it } from 'vitest';

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
