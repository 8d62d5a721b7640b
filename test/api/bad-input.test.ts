/**
 * Every bad input gets a clear status and changes nothing: the vault file
 * stays byte-identical, live delegations stay as they were, and the server
 * keeps answering.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FileVaultStore } from '../../src/vault/vault-store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { cases, readFixture } from '../support/fixtures.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };
const blob = cases().find((testCase) => testCase.id === 'min2-rsa-three-owners')!.blob;
const foreignBlob = JSON.parse(readFixture('errors.json').toString()).entries.find(
  (entry: { id: string }) => entry.id === 'decrypt-foreign-vault-blob',
).request.body.Data;

function tamper(base64Blob: string, mutate: (outer: Record<string, string>) => void): string {
  const outer = JSON.parse(Buffer.from(base64Blob, 'base64').toString());
  mutate(outer);
  return Buffer.from(JSON.stringify(outer)).toString('base64');
}

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index]! ^= 0x01;
  return bytes.toString('base64');
}

const BAD_REQUESTS: Array<[string, string, unknown, string]> = [
  ['malformed JSON', '/summary', '{"Name": ', 'unexpected end of JSON input'],
  ['not JSON at all', '/delegate', 'Name=Bob&Password=x', "invalid character 'N' looking for beginning of value"],
  ['an empty body', '/summary', '', 'unexpected end of JSON input'],
  ['a JSON array', '/create-user', '[1,2]', 'json: cannot unmarshal array into Go value of type core.CreateUserRequest'],
  ['Uses as a string', '/delegate', { ...BOB, Uses: '1', Time: '1h' }, 'json: cannot unmarshal string into Go struct field DelegateRequest.Uses of type int'],
  ['Uses as a fraction', '/delegate', { ...BOB, Uses: 1.5, Time: '1h' }, 'json: cannot unmarshal number 1.5 into Go struct field DelegateRequest.Uses of type int'],
  ['Uses written as 2.0', '/delegate', `{"Name":"Bob","Password":"x","Uses":2.0,"Time":"1h"}`, 'json: cannot unmarshal number 2.0 into Go struct field DelegateRequest.Uses of type int'],
  ['Uses in exponent form', '/delegate', `{"Name":"Bob","Password":"x","Uses":1e3,"Time":"1h"}`, 'json: cannot unmarshal number 1e3 into Go struct field DelegateRequest.Uses of type int'],
  ['Uses beyond 2^53', '/delegate', `{"Name":"Bob","Password":"x","Uses":9007199254740993,"Time":"1h"}`, 'json: cannot unmarshal number 9007199254740993 into Go struct field DelegateRequest.Uses of type int'],
  ['Minimum beyond any number', '/encrypt', `{"Name":"Alice","Password":"x","Minimum":1e999,"Owners":["Bob"]}`, 'json: cannot unmarshal number 1e999 into Go struct field EncryptRequest.Minimum of type int'],
  ['Owners as a string', '/encrypt', { ...ALICE, Minimum: 1, Owners: 'Bob' }, 'json: cannot unmarshal string into Go struct field EncryptRequest.Owners of type []string'],
  ['a number among Users', '/delegate', { ...BOB, Uses: 1, Time: '1h', Users: [7] }, 'json: cannot unmarshal number into Go struct field DelegateRequest.Users of type string'],
  ['Password as an object', '/summary', { Name: 'Alice', Password: {} }, 'json: cannot unmarshal object into Go struct field SummaryRequest.Password of type string'],
  ['a missing Time', '/delegate', { ...BOB, Uses: 1 }, 'time: invalid duration ""'],
  ['a missing Password', '/create-user', { Name: 'Newbie' }, 'Password must be at least one character'],
  ['a missing Data', '/decrypt', ALICE, 'unexpected end of JSON input'],
  ['bad base64', '/decrypt', { ...ALICE, Data: 'not base64!' }, 'illegal base64 data at input byte 3'],
  ['URL-alphabet base64', '/decrypt', { ...ALICE, Data: 'ab-_' }, 'illegal base64 data at input byte 2'],
  ['base64 with a space', '/decrypt', { ...ALICE, Data: 'aGk =' }, 'illegal base64 data at input byte 3'],
  ['an unknown user', '/summary', { Name: 'Zed', Password: 'x' }, 'User not present'],
  ['a wrong password', '/summary', { ...ALICE, Password: 'nope' }, 'Wrong Password'],
  ['an unknown owner', '/encrypt', { ...ALICE, Minimum: 1, Owners: ['Zed'], Data: 'eA==' }, 'Missing user on disk'],
  ['unknown delegation users', '/delegate', { ...BOB, Uses: 1, Time: '1h', Users: ['Zed', 'Alice', 'Zz'] }, 'User(s) not present: Zed, Zz'],
  ['an empty name', '/create-user', { Name: '', Password: 'x' }, 'must start with an alphanumeric character and can include "-" or "_" after the first character'],
  ['a name with a slash', '/delegate', { Name: '../etc', Password: 'x', Uses: 1, Time: '1h' }, 'must start with an alphanumeric character and can include "-" or "_" after the first character'],
  ['a non-ASCII name', '/create-user', { Name: 'Zoë', Password: 'x' }, 'must start with an alphanumeric character and can include "-" or "_" after the first character'],
  ['zero Uses', '/delegate', { ...BOB, Uses: 0, Time: '1h' }, 'Uses must be at least 1'],
  ['negative Uses', '/delegate', { ...BOB, Uses: -3, Time: '1h' }, 'Uses must be at least 1'],
  ['an unparsable Time', '/delegate', { ...BOB, Uses: 1, Time: 'soon' }, 'time: invalid duration "soon"'],
  ['a negative Time', '/delegate', { ...BOB, Uses: 1, Time: '-1h' }, 'Time must be a positive duration'],
  ['a zero Time', '/delegate', { ...BOB, Uses: 1, Time: '0s' }, 'Time must be a positive duration'],
  ['an unknown user type', '/create-user', { Name: 'Newbie', Password: 'x', UserType: 'DSA' }, 'Unknown record type'],
  ['a non-admin purging', '/purge', BOB, 'Admin required'],
  ['an unknown modify command', '/modify', { ...ALICE, ToModify: 'Bob', Command: 'promote' }, "core: unknown command 'promote' passed to modify"],
  ['a truncated blob', '/decrypt', { ...ALICE, Data: Buffer.from(Buffer.from(blob, 'base64').subarray(0, 100)).toString('base64') }, 'unexpected end of JSON input'],
  ['a blob with a flipped byte inside', '/decrypt', { ...ALICE, Data: tamper(blob, (outer) => void (outer.Data = flipByte(outer.Data!, 200))) }, 'Signature mismatch'],
  ['a blob with a forged signature', '/owners', { Data: tamper(blob, (outer) => void (outer.Signature = flipByte(outer.Signature!, 0))) }, 'Signature mismatch'],
  ['a blob of an unknown version', '/owners', { Data: tamper(blob, (outer) => void ((outer as Record<string, unknown>).Version = 7)) }, 'Unknown version'],
  ['a blob from another vault', '/decrypt', { ...ALICE, Data: foreignBlob }, 'Signature mismatch'],
  ['a JSON value that is not a blob', '/owners', { Data: Buffer.from('[]').toString('base64') }, 'json: cannot unmarshal array into Go value of type cryptor.EncryptedData'],
  ['prototype-pollution keys', '/create-user', '{"__proto__":{"Admin":true},"constructor":{"prototype":{}},"Name":"Polly","Password":""}', 'Password must be at least one character'],
  ['deeply nested JSON', '/summary', '['.repeat(1e6) + ']'.repeat(1e6), 'json: cannot unmarshal array into Go value of type core.SummaryRequest'],
  ['a number deep inside nested JSON', '/summary', '['.repeat(1e5) + '1' + ']'.repeat(1e5), 'json: cannot unmarshal array into Go value of type core.SummaryRequest'],
  ['a number with a trailing point', '/delegate', '{"Name":"Bob","Uses":2.}', "invalid character '}' after decimal point in numeric literal"],
];

describe('bad input', () => {
  let t: TestApp;
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ro-bad-'));
    path = join(dir, 'vault.json');
    await writeFile(path, readFixture('vault.json'));
    t = await startTestApp({ store: new FileVaultStore(path), bodyLimit: 8 * 1024 * 1024 });
    expect((await t.call('/delegate', { ...BOB, Uses: 5, Time: '1h' })).Status).toBe('ok');
  });

  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(BAD_REQUESTS)('refuses %s with a clear status and changes nothing', async (_what, endpoint, body, status) => {
    const before = await readFile(path);
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await t.app.inject({ method: 'POST', url: endpoint, payload });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const reply = JSON.parse(response.body);
    expect(Object.keys(reply)).toEqual(['Status']);
    expect(reply.Status.startsWith(status)).toBe(true);
    expect((await readFile(path)).equals(before)).toBe(true);
    expect((await t.call('/summary', ALICE)).Live.Bob.Uses).toBe(5);
  });

  it('refuses a body over the limit with 413 and a status, and keeps serving', async () => {
    const small = await startTestApp({ vaultFixture: 'vault.json', bodyLimit: 1024 });
    const response = await small.app.inject({
      method: 'POST',
      url: '/encrypt',
      payload: JSON.stringify({ ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'A'.repeat(4096) }),
    });
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body)).toEqual({ Status: 'request body too large' });
    expect((await small.call('/summary', ALICE)).Status).toBe('ok');
  });

  it('refuses Data whose blob could not be sent back to decrypt under the body limit', async () => {
    const limit = 6 * 1024 * 1024;
    const small = await startTestApp({ vaultFixture: 'vault.json', bodyLimit: limit });
    const largest = Math.floor(((limit - limit / 8) * 27) / 64);
    const encrypt = (size: number) =>
      small.app.inject({
        method: 'POST',
        url: '/encrypt',
        payload: JSON.stringify({ ...ALICE, Minimum: 1, Owners: ['Bob'], Data: Buffer.alloc(size, 1).toString('base64') }),
      });

    const refused = await encrypt(largest + 1);
    expect(refused.statusCode).toBe(413);
    expect(JSON.parse(refused.body)).toEqual({
      Status: `Data too large: ${largest + 1} bytes, and this server decrypts at most ${largest}`,
    });

    const sealed = JSON.parse((await encrypt(largest)).body);
    expect(sealed.Status).toBe('ok');
    await small.call('/delegate', { ...BOB, Uses: 1, Time: '1h' });
    const opened = await small.callDecoded('/decrypt', { ...ALICE, Data: sealed.Response });
    expect(Buffer.from(opened.decoded.Data, 'base64').equals(Buffer.alloc(largest, 1))).toBe(true);
  });

  it('reads a large body full of escapes in one pass', async () => {
    // Each escape once sent the scan looking for the string's closing quote again:
    // 2.4 MB of them held the event loop 15 s, and the time grew with the square of the size.
    for (const escape of ['\\n', '\\u00e9', '\\"', '\\\\']) {
      const payload = `{"Name":"Alice","Password":"Lewis-Carroll-1865","Padding":"${escape.repeat(2_000_000 / escape.length)}"}`;
      const started = performance.now();
      const response = await t.app.inject({ method: 'POST', url: '/summary', payload });
      expect(JSON.parse(response.body).Status).toBe('ok');
      expect(performance.now() - started, escape).toBeLessThan(3000);
    }
  }, 30_000);

  it('never sends a stack trace or internal detail', async () => {
    for (const [, endpoint, body] of BAD_REQUESTS) {
      const payload = typeof body === 'string' ? body : JSON.stringify(body);
      const response = await t.app.inject({ method: 'POST', url: endpoint, payload });
      expect(response.body).not.toMatch(/at .*\.(ts|js):\d+|Error:|node_modules/);
    }
  });
});
