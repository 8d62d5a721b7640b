/**
 * The README's curl walk-through, run verbatim with bash and curl against the
 * real process; only its first line, the server's address, is pointed at the
 * test server.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { cleanUp, makeTempDir, startRedOctober } from './harness.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function walkThrough(): string {
  const section = README.slice(README.indexOf('## Try it with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error('the README has no walk-through block');
  return block[1]!;
}

afterEach(cleanUp);

describe('the README walk-through', () => {
  it('works verbatim against a fresh server', async () => {
    const script = walkThrough();
    expect(script.startsWith('RO=https://localhost:8080\n')).toBe(true);

    const server = await startRedOctober(['-vaultpath', 'memory'], { cwd: await makeTempDir() });
    const pointed = script.replace(/^RO=.*$/m, `RO=https://127.0.0.1:${server.apiPort}`);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', pointed]);
    await server.stop();

    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(Array(3).fill('{"Status":"ok"}'));
    expect(JSON.parse(lines[3]!)).toEqual({ Status: 'ok', Owners: ['Bob', 'Carol'], Labels: null, Predicate: '' });
    expect(lines.slice(4, 6)).toEqual(['{"Status":"ok"}', '{"Status":"ok"}']);
    expect(JSON.parse(lines[6]!)).toEqual({
      Data: Buffer.from('launch codes').toString('base64'),
      Secure: true,
      Delegates: ['Bob', 'Carol'],
    });
    expect(lines[7]).toBe('launch codes');
    const summary = JSON.parse(lines[8]!);
    expect([summary.Live.Bob.Uses, summary.Live.Carol.Uses]).toEqual([1, 1]);
    const withdrawal = JSON.parse(lines[9]!);
    expect(withdrawal.Status).toBe('ok');
    expect(JSON.parse(Buffer.from(withdrawal.Response, 'base64').toString('utf8'))).toEqual({ Withdrawn: ['Carol'] });
    expect(lines).toHaveLength(10);
  });
});
