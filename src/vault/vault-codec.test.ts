import { describe, expect, it } from 'vitest';

import { readFixture, readFixtureJson } from '../../test/support/fixtures.js';
import { parseVault, serializeVault, VaultFormatError } from './vault-codec.js';

describe('vault codec', () => {
  it('rewrites the reference vault byte for byte', () => {
    for (const file of ['vault.json', 'vault-before-password-change.json', 'vault-wrong-vaultid.json']) {
      const original = readFixture(file);
      expect(serializeVault(parseVault(original.toString('utf8'))).equals(original)).toBe(true);
    }
  });

  it('keeps every digit of the RSA moduli', () => {
    const vault = parseVault(readFixture('vault.json').toString('utf8'));
    for (const user of readFixtureJson('users.json').users) {
      if (!user.inFinalVault || user.type !== 'RSA') continue;
      expect(vault.records.get(user.name)!.rsa!.n.toString()).toBe(user.rsaModulusN);
    }
  });

  it('names the user and field of a short salt', () => {
    const text = readFixture('vault.json').toString('utf8');
    const broken = JSON.parse(text.replace(/"N":\d+/g, '"N":1').replace(/"[XY]":\d+/g, '"X":1'));
    const tampered = text.replace(
      `"PasswordSalt":"${broken.Passwords.Bob.PasswordSalt}"`,
      '"PasswordSalt":"AAAA"',
    );
    expect(() => parseVault(tampered)).toThrow(VaultFormatError);
    expect(() => parseVault(tampered)).toThrow('user "Bob": PasswordSalt must be 16 bytes, got 3');
  });
});
