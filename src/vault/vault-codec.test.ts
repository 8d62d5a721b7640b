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

  it('reads and writes our TOTP field after Admin, and names a damaged one', () => {
    const text = readFixture('vault.json').toString('utf8');
    const bobEnd = /"Bob":\{.*?"Admin":false/.exec(text)!;
    const at = bobEnd.index + bobEnd[0].length;
    const totp = (fields: string) => text.slice(0, at) + `,"TOTP":{${fields}}` + text.slice(at);
    const block = Buffer.alloc(32, 7).toString('base64');
    const iv = Buffer.alloc(16, 9).toString('base64');
    const hash = Buffer.alloc(32, 1).toString('base64');
    const withTotp = totp(
      `"Secret":"${block}","SecretIV":"${iv}","Confirmed":true,"LastStep":56666667,"RecoveryCodes":["${hash}"]`,
    );

    const bob = parseVault(withTotp).records.get('Bob')!;
    expect(bob.totp).toMatchObject({ confirmed: true, lastStep: 56666667 });
    expect(bob.totp!.recoveryCodes).toEqual([Buffer.alloc(32, 1)]);
    expect(serializeVault(parseVault(withTotp)).toString('utf8')).toBe(withTotp);
    expect(() => parseVault(totp(`"Secret":"${block}","SecretIV":"AAAA","Confirmed":true`))).toThrow(
      'user "Bob": TOTP.SecretIV must be 16 bytes, got 3',
    );
    expect(() => parseVault(totp(`"Secret":"${block}","SecretIV":"${iv}","Confirmed":true,"RecoveryCodes":["AAAA"]`))).toThrow(
      'user "Bob": TOTP.RecoveryCodes[0] must be 32 bytes, got 3',
    );
  });
});
