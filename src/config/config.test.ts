import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { fixturePath } from '../../test/support/fixtures.js';
import { ConfigError, loadConfigFile } from './config.js';

const folder = mkdtempSync(join(tmpdir(), 'ro-config-'));
function fileWith(contents: unknown): string {
  const path = join(folder, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(contents));
  return path;
}

function errorOf(path: string): string {
  try {
    loadConfigFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('config file', () => {
  it("reads the original's persistence config as it is", () => {
    expect(loadConfigFile(fixturePath('persistence/config.json')).delegations).toEqual({
      persist: true,
      policy: '(Bob & Erin)',
      users: ['Bob', 'Erin'],
      mechanism: 'file',
      location: 'persisted-delegations.json',
    });
  });

  it("accepts the README's example, which names every key", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /The config file \(`-f`\)[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const config = loadConfigFile(fileWith(JSON.parse(example)));
    expect(config.registration).toEqual({ admin_only: false, min_password_length: 1 });
    expect(config.limits?.scrypt_queue).toBe(256);
  });

  it('matches keys whatever their case, as Go does', () => {
    const config = loadConfigFile(fileWith({ Server: { Address: '0.0.0.0:443', Use_Systemd: true } }));
    expect(config.server).toEqual({ address: '0.0.0.0:443', use_systemd: true });
  });

  it('refuses a misspelt key, naming it, rather than leaving its setting at the default', () => {
    expect(errorOf(fileWith({ registration: { admin_olny: true } }))).toMatch(
      /key "registration\.admin_olny": unknown key/,
    );
    expect(errorOf(fileWith({ audti: { file: 'audit.jsonl' } }))).toMatch(/key "audti": unknown key/);
  });

  it('refuses a value of the wrong type, naming the key', () => {
    expect(errorOf(fileWith({ server: { address: 42 } }))).toMatch(/key "server\.address":/);
  });
});
