/**
 * The fuzz suite (issue #6, "Bad input"): malformed and hostile bodies at every
 * endpoint, in-process, against a vault file on disk. Every reply is checked
 * by FuzzTarget.send (a clear JSON status, no internal detail, the vault file
 * byte-identical unless a valid mutation answered "ok", an answer in bounded
 * time); each test ends by checking that the admin is still served.
 *
 * Budget: a request that reaches a password check costs an scrypt (~60 ms, and
 * an unknown name costs the same decoy scrypt), so the fast-check runs are
 * bounded and most generated bodies fail before authentication. The number
 * of requests thrown is logged once at the end.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cases } from '../support/fixtures.js';
import { startTestApp } from '../support/app.js';
import { FileVaultStore } from '../../src/vault/vault-store.js';
import {
  ALICE,
  credentialsOf,
  ENDPOINT_PATHS,
  ENDPOINTS,
  FuzzTarget,
  VAULT_ID,
  type Reply,
} from './fuzz-kit.js';
import {
  anyJsonValue,
  durationText,
  HOSTILE_STRINGS,
  predicateText,
  bitFlips,
  flipBits,
  innerOf,
  innerSurgery,
  KNOWN_NAMES,
  outerOf,
  plausibleBody,
  PROTOTYPE_NAMES,
  sealInner,
  sealInnerBytes,
  spellings,
  WRONG_TYPED,
} from './hostile-values.js';

// FUZZ_SCALE=10 multiplies every fast-check run count, for a longer hunt than CI's.
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const BODY_LIMIT = 4 * 1024 * 1024;
const MiB = 1024 * 1024;
const SYNTAX_ERROR = /^(invalid character|unexpected end of JSON input|exceeded max depth)/;
const TYPE_ERROR = /^json: cannot unmarshal /;
// Endpoints that check a password (all but these).
const UNAUTHENTICATED = new Set(['/create', '/create-user', '/owners']);
const AUTHENTICATED = ENDPOINT_PATHS.filter((path) => !UNAUTHENTICATED.has(path));
// Fixture users the random properties may use with a wrong password; never Alice, whose
// right password the checks need (the brute-force guard counts failures per name).
// Nor Erin, whose right password the /restore property uses.
const DECOY_NAMES = KNOWN_NAMES.filter((name) => name !== 'Alice' && name !== 'Erin');

let target: FuzzTarget;
let blob: string;
let seeds: string[];
const startedAt = Date.now();

const fixtureBlob = (id: string) => cases().find((testCase) => testCase.id === id)!.blob;

beforeAll(async () => {
  target = await FuzzTarget.start({ bodyLimit: BODY_LIMIT });
  // Live delegations, so that decryption gets past "need more delegated keys" to the unwrapping.
  for (const name of ['Bob', 'Carol', 'Dave', 'Erin', 'Frank']) {
    await target.expectOk('/delegate', { ...credentialsOf(name), Uses: 100_000, Time: '2h' });
  }
  const encrypted = await target.expectOk('/encrypt', {
    ...ALICE,
    Minimum: 2,
    Owners: ['Bob', 'Carol'],
    Data: Buffer.from('fuzz me').toString('base64'),
  });
  blob = encrypted.Response as string;
  seeds = [
    blob,
    fixtureBlob('min2-mixed-rsa-ecc'),
    fixtureBlob('predicate-threshold'),
    fixtureBlob('ssh-ed25519-sign-only'),
    fixtureBlob('ssh-rsa-decrypt-and-sign'),
  ];
});

afterAll(async () => {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const statuses = [...target.byHttpStatus].map(([code, count]) => `${code}: ${count}`).join(', ');
  console.log(
    `fuzz: ${target.requests} requests thrown at ${ENDPOINT_PATHS.length} endpoints in ${seconds} s (HTTP ${statuses})`,
  );
  await target.close();
});

describe('every endpoint', () => {
  it('answers an empty object with a JSON status, as an API endpoint', async () => {
    for (const endpoint of ENDPOINT_PATHS) {
      await target.send({ endpoint, payload: '{}', invalid: true });
    }
    await target.expectAdminServed();
  });

  it('refuses wrong credentials on every authenticated endpoint', async () => {
    // Alice only on a few endpoints: her failures count towards her lockout.
    const wrong = (endpoint: string, i: number) => {
      const name = DECOY_NAMES[i % DECOY_NAMES.length]!;
      const variants: Array<Record<string, string>> = [
        { Name: name, Password: i % 2 === 0 ? 'not-the-password' : '' },
        { Name: name, Password: `${credentialsOf(name).Password} ` },
      ];
      // /delegate makes the user when the name is unknown, so only real names there.
      if (endpoint !== '/delegate') {
        variants.push(
          i % 2 === 0
            ? { Name: 'Zed', Password: 'x' }
            : { Name: name.toLowerCase(), Password: credentialsOf(name).Password },
        );
      }
      if (i % 5 === 0) variants.push({ Name: 'Alice', Password: 'lewis-carroll-1865' });
      return variants;
    };
    const shots = AUTHENTICATED.flatMap((endpoint, i) =>
      wrong(endpoint, i).map((credentials) => ({
        endpoint,
        payload: JSON.stringify({
          ...plausibleBody(endpoint, credentials.Name!, blob),
          ...credentials,
        }),
        invalid: true,
      })),
    );
    const refusal =
      /^(Wrong Password|User not present|Record not present|Password must be at least one character)$/;
    for (const [i, { reply }] of (await target.sendAll(shots)).entries()) {
      expect(reply.Status, `${shots[i]!.endpoint} ${shots[i]!.payload}`).toMatch(refusal);
    }
    await target.expectAdminServed();
  });

  it('refuses a wrong JSON type in every field, however the field name is spelt', async () => {
    for (const [endpoint, { fields }] of Object.entries(ENDPOINTS)) {
      for (const [field, kind] of Object.entries(fields)) {
        for (const spelling of spellings(field)) {
          for (const value of WRONG_TYPED[kind]) {
            const body = plausibleBody(endpoint, 'Bob', blob);
            delete body[field];
            body[spelling] = value;
            const { reply } = await target.sendJson(endpoint, body, { invalid: true });
            expect(reply.Status, `${endpoint} ${spelling}=${JSON.stringify(value)}`).toMatch(
              TYPE_ERROR,
            );
          }
        }
      }
    }
    await target.expectAdminServed();
  });

  it('refuses JSON values that are not objects', async () => {
    const notObjects = [
      '[]',
      '[{"Name":"Alice"}]',
      '"Alice"',
      '0',
      '-1.5',
      'true',
      'false',
      '1e999',
    ];
    for (const endpoint of ENDPOINT_PATHS) {
      for (const payload of notObjects) {
        const { reply } = await target.send({ endpoint, payload, invalid: true });
        expect(reply.Status, `${endpoint} ${payload}`).toMatch(TYPE_ERROR);
      }
      // Go reads null as an empty struct, which no endpoint accepts.
      await target.send({ endpoint, payload: 'null', invalid: true });
    }
    await target.expectAdminServed();
  });

  it('refuses malformed JSON text: truncated, cut and spliced bodies (fast-check)', async () => {
    const edit = fc.record({
      endpoint: fc.constantFrom(...ENDPOINT_PATHS),
      name: fc.constantFrom(...DECOY_NAMES),
      cut: fc.nat(),
      kind: fc.constantFrom('truncate', 'delete', 'insert', 'replace'),
      text: fc.oneof(
        fc.constantFrom(
          '{',
          '}',
          '[',
          ']',
          ',',
          ':',
          '"',
          '\\',
          '\\u',
          '\\ud800',
          'nul',
          'tru',
          '\u0000',
          '\n',
          '//',
        ),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(edit, async ({ endpoint, name, cut, kind, text }) => {
        const source = JSON.stringify(plausibleBody(endpoint, name, 'eA=='));
        const structural = [...source.matchAll(/[{}[\]:,"]/g)].map((match) => match.index);
        const at = kind === 'truncate' ? cut % source.length : structural[cut % structural.length]!;
        const payload =
          kind === 'truncate'
            ? source.slice(0, at)
            : source.slice(0, at) +
              (kind === 'delete' ? '' : text) +
              source.slice(kind === 'insert' ? at : at + 1);
        const isJson = parses(payload);
        const { reply } = await target.send({ endpoint, payload, invalid: !isJson });
        if (!isJson) expect(reply.Status).toMatch(SYNTAX_ERROR);
      }),
      { numRuns: 300 * SCALE },
    );
    await target.expectAdminServed();
  });

  it('survives any JSON value in any field, and unknown fields (fast-check)', async () => {
    const shot = fc.record({
      endpoint: fc.constantFrom(...ENDPOINT_PATHS),
      name: fc.constantFrom(...DECOY_NAMES),
      field: fc.oneof(
        fc.constantFrom(
          'Name',
          'Password',
          'Uses',
          'Time',
          'Owners',
          'Minimum',
          'Data',
          'Users',
          'Labels',
        ),
        fc.constantFrom(
          'Predicate',
          'Command',
          'ToModify',
          'OrderNum',
          'NewPassword',
          'UserType',
          'Slot',
        ),
        fc.constantFrom(
          'EncryptedData',
          'TBSData',
          'LeftOwners',
          'RightOwners',
          'Usages',
          'Duration',
        ),
        fc.string({ maxLength: 12 }),
      ),
      value: anyJsonValue,
    });
    await fc.assert(
      fc.asyncProperty(shot, async ({ endpoint, name, field, value }) => {
        const body = plausibleBody(endpoint, name, blob);
        body[field] = value;
        await target.sendJson(endpoint, body);
      }),
      { numRuns: 80 * SCALE },
    );
    await target.expectAdminServed();
  });

  it('reads invalid UTF-8 as Go does and survives random bytes (fast-check)', async () => {
    const invalidSequence = fc.constantFrom(
      [0xff],
      [0x80],
      [0xc3, 0x28],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xef, 0xbb, 0xbf],
    );
    // Inside a string value: the field becomes U+FFFD and so on, the request is refused.
    const inString = fc.record({
      endpoint: fc.constantFrom(...ENDPOINT_PATHS),
      field: fc.constantFrom('Name', 'Password', 'Data', 'Time', 'Predicate'),
      bytes: fc.array(invalidSequence, { minLength: 1, maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(inString, async ({ endpoint, field, bytes }) => {
        const body = plausibleBody(endpoint, 'Bob', blob);
        body[field] = '@@';
        const [before, after] = JSON.stringify(body).split('@@') as [string, string];
        const payload = Buffer.concat([
          Buffer.from(before),
          Buffer.from(bytes.flat()),
          Buffer.from(after),
        ]);
        await target.send({ endpoint, payload });
      }),
      { numRuns: 40 * SCALE },
    );
    // Anywhere else: not JSON at all.
    const anywhere = fc.record({
      endpoint: fc.constantFrom(...ENDPOINT_PATHS),
      bytes: fc.uint8Array({ maxLength: 64 }),
      sequence: invalidSequence,
    });
    await fc.assert(
      fc.asyncProperty(anywhere, async ({ endpoint, bytes, sequence }) => {
        const payload = Buffer.concat([Buffer.from(sequence), Buffer.from(bytes)]);
        const { reply } = await target.send({ endpoint, payload, invalid: true });
        expect(reply.Status).toMatch(SYNTAX_ERROR);
      }),
      { numRuns: 200 * SCALE },
    );
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(ALICE)),
    ]);
    expect(
      (await target.send({ endpoint: '/summary', payload: bom, invalid: true })).reply.Status,
    ).toMatch(SYNTAX_ERROR);
    const utf16 = Buffer.from(JSON.stringify(ALICE), 'utf16le');
    expect(
      (await target.send({ endpoint: '/summary', payload: utf16, invalid: true })).reply.Status,
    ).toMatch(SYNTAX_ERROR);
    await target.expectAdminServed();
  });

  it('survives huge strings in every field, and refuses an oversize body with 413', async () => {
    // Not a valid user name (it holds a '/'), so no request here can create a user.
    const huge = 'A'.repeat(MiB) + '/';
    const hugeBytes = Buffer.alloc(MiB + 3, 0x41).toString('base64');
    const hugeValue = { strings: ['Bob', huge], bytes: hugeBytes, int: 2 ** 53, string: huge };
    const shots = Object.entries(ENDPOINTS).flatMap(([endpoint, { fields }]) =>
      Object.entries(fields).map(([field, kind]) => {
        const body = { ...plausibleBody(endpoint, 'Grace', blob), [field]: hugeValue[kind] };
        return { endpoint, payload: JSON.stringify(body), invalid: true };
      }),
    );
    await target.sendAll(shots);
    // A huge but well-formed name where names are only looked up.
    const { reply } = await target.sendJson(
      '/summary',
      { Name: 'A'.repeat(3 * MiB), Password: 'x' },
      { invalid: true },
    );
    expect(reply.Status).toBe('User not present');

    const oversize = Buffer.alloc(BODY_LIMIT + 1, 0x20);
    for (const endpoint of ENDPOINT_PATHS) {
      const answer = await target.send({ endpoint, payload: oversize, invalid: true });
      expect(answer.statusCode, endpoint).toBe(413);
      expect(answer.reply).toEqual({ Status: 'request body too large' });
    }
    await target.expectAdminServed();
  });

  it('survives deep nesting, in the body, in a field and inside a signed blob', async () => {
    // Go refuses nesting beyond 10,000 levels; twice that here.
    const depth = 20_000;
    const deepArray = '['.repeat(depth) + ']'.repeat(depth);
    const deepObject = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const unclosed = '{"Name":' + '['.repeat(depth);
    const payloads = [deepArray, deepObject, unclosed, `{"Name":"Bob","Owners":${deepArray}}`];
    await target.sendAll(
      ENDPOINT_PATHS.flatMap((endpoint) =>
        payloads.map((payload) => ({ endpoint, payload, invalid: true })),
      ),
    );
    const deepBlobs = [
      sealInnerBytes(Buffer.from(deepArray)),
      sealInnerBytes(Buffer.from(deepObject)),
      // A repeated key: the last one wins, in Go as in JSON.parse.
      sealInnerBytes(
        Buffer.from(JSON.stringify(innerOf(blob)).replace(/\}$/, `,"KeySet":${deepArray}}`)),
      ),
      Buffer.from(deepArray).toString('base64'),
    ];
    for (const data of deepBlobs) {
      const { reply } = await target.sendJson('/owners', { Data: data }, { invalid: true });
      expect(reply.Status).not.toBe('ok');
    }
    // The predicate is not covered by the inner signature: a re-sealed one reaches the parser.
    const deepPredicates = [
      '('.repeat(50_000) + 'Bob' + ')'.repeat(50_000),
      '(1, '.repeat(20_000) + 'Bob' + ')'.repeat(20_000),
    ];
    for (const predicate of deepPredicates) {
      const forged = sealInner({
        ...innerOf(fixtureBlob('predicate-threshold')),
        Predicate: predicate,
      });
      const decrypted = await target.sendJson(
        '/decrypt',
        { ...ALICE, Data: forged },
        { invalid: true },
      );
      expect(decrypted.reply.Status).not.toBe('ok');
      const body = { ...ALICE, Predicate: predicate, Data: 'eA==' };
      expect((await target.sendJson('/encrypt', body, { invalid: true })).reply.Status).not.toBe(
        'ok',
      );
    }
    await target.expectAdminServed();
  });

  it('answers any method and content type as it answers POST', async () => {
    const methods = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
    const types = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'image/png',
      // Malformed media types, which Fastify itself refuses with a 415.
      'foo',
      ';',
      'a b',
      'application/',
      'application/json, text/plain',
    ];
    const owners = (await target.sendJson('/owners', { Data: blob })).reply;
    for (const method of methods) {
      for (const type of types) {
        const headers = { 'content-type': type, 'content-encoding': 'gzip' };
        const answer = await target.sendJson('/owners', { Data: blob }, { method, headers });
        expect(answer.reply, `${method} ${type}`).toEqual(owners);
        await target.send({
          endpoint: '/summary',
          payload: '{"Name":7}',
          method,
          headers,
          invalid: true,
        });
      }
    }
    await target.expectAdminServed();
  });
});

describe('requests with the right password', () => {
  // Users of its own, so that no lockout from the fuzzing of fixture users gets in the way.
  const OWNER = { Name: 'FuzzOwner', Password: 'owner-password' };
  const owned = { Minimum: 1, Owners: ['FuzzOwner'] };

  beforeAll(async () => {
    await target.expectOk('/create-user', OWNER);
  });

  it('encrypts for any access structure it accepts, and reads back what it wrote (fast-check)', async () => {
    const names = fc.array(fc.constantFrom(...KNOWN_NAMES, 'FuzzOwner', 'Zed', '', 'constructor'), {
      maxLength: 5,
    });
    const minimum = fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constantFrom(2 ** 31, -(2 ** 31)));
    const structure = fc.oneof(
      fc.record({ Minimum: minimum, Owners: names }),
      fc.record({ LeftOwners: names, RightOwners: names }),
      fc.record({ Predicate: predicateText }),
      fc.record(
        {
          Minimum: minimum,
          Owners: names,
          LeftOwners: names,
          RightOwners: names,
          Predicate: predicateText,
        },
        { requiredKeys: [] },
      ),
    );
    const extras = fc.record({
      Labels: fc.array(fc.constantFrom('fuzz', '', 'ops', '__proto__', 'é'), { maxLength: 3 }),
      Usages: fc.array(fc.constantFrom('decrypt', 'ssh-sign-with', 'sign', ''), { maxLength: 3 }),
      Data: fc.uint8Array({ maxLength: 100 }).map((bytes) => Buffer.from(bytes).toString('base64')),
    });
    const access = fc.tuple(structure, extras).map(([a, b]) => ({ ...a, ...b }));
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(access, async (fields) => {
        const { reply } = await target.sendJson('/encrypt', { ...ALICE, ...fields });
        if (reply.Status !== 'ok') return;
        accepted++;
        const owners = (await target.sendJson('/owners', { Data: reply.Response })).reply;
        expect(owners.Status).toBe('ok');
      }),
      {
        numRuns: 40 * SCALE,
        // Most random structures are refused; these always run, so the accepting path is always taken.
        examples: [
          [{ Minimum: 1, Owners: ['FuzzOwner'], Labels: ['fuzz'], Usages: [], Data: 'eA==' }],
          [{ LeftOwners: ['FuzzOwner'], RightOwners: ['FuzzOwner'], Labels: [], Usages: ['decrypt'], Data: '' }],
          [{ Predicate: `FuzzOwner | ${ALICE.Name}`, Labels: [], Usages: [], Data: 'eA==' }],
        ],
      },
    );
    expect(accepted).toBeGreaterThanOrEqual(3);
    await target.expectAdminServed();
  });

  it('delegates with any Uses, Time, Slot, Users and Labels it accepts (fast-check)', async () => {
    const delegation = fc.record({
      Uses: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(2 ** 31, 2 ** 53 - 1)),
      Time: durationText,
      Slot: fc.oneof(
        fc.constantFrom('', 'a', '__proto__', 'constructor', '-', 'x'.repeat(1000)),
        fc.string({ maxLength: 8 }),
      ),
      Users: fc.option(
        fc.array(fc.constantFrom(...KNOWN_NAMES, 'Zed', '', '__proto__'), { maxLength: 3 }),
      ),
      Labels: fc.option(
        fc.array(fc.constantFrom('fuzz', '', '__proto__', 'constructor'), { maxLength: 3 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(delegation, async (fields) => {
        await target.sendJson('/delegate', { ...OWNER, ...fields });
      }),
      { numRuns: 30 * SCALE },
    );
    const summary = await target.expectAdminServed();
    for (const live of Object.values(summary.Live as Record<string, Reply>)) {
      expect(Number.isInteger(live.Uses) && live.Uses > 0).toBe(true);
      expect(Number.isNaN(Date.parse(live.Expiry))).toBe(false);
    }
  });

  it('modifies only with a known command (fast-check)', async () => {
    const command = fc.oneof(
      fc.constantFrom(
        'admin',
        'revoke',
        'ADMIN',
        'Admin',
        ' admin',
        'revoke\u0000',
        'delete ',
        '',
        'constructor',
        '__proto__',
      ),
      fc.string({ maxLength: 10 }).filter((text) => text !== 'delete'),
    );
    const toModify = fc.constantFrom('FuzzOwner', 'Zed', '', 'Alice', ...PROTOTYPE_NAMES);
    await fc.assert(
      fc.asyncProperty(command, toModify, async (Command, ToModify) => {
        const { reply } = await target.sendJson('/modify', { ...ALICE, ToModify, Command });
        if (reply.Status === 'ok') expect(['admin', 'revoke']).toContain(Command);
      }),
      { numRuns: 20 * SCALE },
    );
    await target.expectAdminServed();
  });

  it('places, finds and cancels orders whatever their fields (fast-check)', async () => {
    const order = fc.record({
      Duration: durationText,
      Uses: fc.integer({ min: -1, max: 3 }),
      Users: fc.option(
        fc.array(fc.constantFrom(...KNOWN_NAMES, 'Zed', '', '__proto__'), { maxLength: 3 }),
      ),
      Labels: fc.option(fc.array(fc.constantFrom('fuzz', '', '__proto__'), { maxLength: 2 })),
    });
    const numbers: string[] = [];
    await fc.assert(
      fc.asyncProperty(order, async (fields) => {
        const { reply } = await target.sendJson('/order', {
          ...ALICE,
          ...fields,
          EncryptedData: blob,
        });
        if (reply.Status === 'ok')
          numbers.push(JSON.parse(Buffer.from(reply.Response, 'base64').toString()).Num);
      }),
      { numRuns: 20 * SCALE },
    );
    const orderNumber = fc.oneof(
      fc.constantFrom(...numbers, '', '__proto__', 'constructor', 'x'.repeat(10_000)),
      fc.stringMatching(/^[0-9a-f]{24}$/),
    );
    await fc.assert(
      fc.asyncProperty(
        orderNumber,
        fc.constantFrom('/orderinfo', '/ordercancel'),
        async (OrderNum, endpoint) => {
          await target.sendJson(endpoint, { ...ALICE, OrderNum });
        },
      ),
      { numRuns: 20 * SCALE },
    );
    await target.sendJson('/orderout', ALICE);
    await target.expectAdminServed();
  });

  it('changes a password to anything, and the vault still loads (fast-check)', async () => {
    const user = { Name: 'FuzzPassword', Password: 'start' };
    await target.expectOk('/create-user', user);
    const change = fc.record({
      NewPassword: fc.oneof(
        fc.constantFrom(...HOSTILE_STRINGS),
        fc.string({ unit: 'binary', maxLength: 20 }),
      ),
      HipchatName: fc.oneof(
        fc.constantFrom('', '__proto__', 'constructor', '@here', 'é'),
        fc.string({ maxLength: 8 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(change, async ({ NewPassword, HipchatName }) => {
        const { reply } = await target.sendJson('/password', { ...user, NewPassword, HipchatName });
        // An empty NewPassword keeps the password (only the HipChat name changes).
        if (reply.Status === 'ok' && NewPassword !== '') user.Password = NewPassword;
      }),
      { numRuns: 10 * SCALE },
    );
    await target.expectOk('/summary', user);
  });

  it('restores with any Time, and restores nothing without the whole policy (fast-check)', async () => {
    const erin = credentialsOf('Erin');
    await fc.assert(
      fc.asyncProperty(durationText, async (Time) => {
        const { reply } = await target.sendJson('/restore', { ...erin, Uses: 1, Time });
        if (reply.Status === 'ok')
          expect(JSON.parse(Buffer.from(reply.Response, 'base64').toString()).Status).toBe(
            'inactive',
          );
      }),
      { numRuns: 10 * SCALE },
    );
    const status = await target.expectOk('/status', ALICE);
    expect(JSON.parse(Buffer.from(status.Response as string, 'base64').toString()).Status).toBe(
      'inactive',
    );
  });

  describe('/ssh-sign-with', () => {
    const sign = async (key: string | Buffer, Algorithm: string) => {
      const plaintext = Buffer.from(key).toString('base64');
      const sealed = await target.expectOk('/encrypt', {
        ...ALICE,
        ...owned,
        Usages: ['ssh-sign-with'],
        Data: plaintext,
      });
      return (
        await target.sendJson('/ssh-sign-with', {
          ...ALICE,
          Data: sealed.Response,
          TBSData: 'c2lnbg==',
          Algorithm,
        })
      ).reply;
    };
    const generate = generateKeyPairSync as (
      type: string,
      options: object,
    ) => { privateKey: KeyObject };
    const pem = (type: string, options: object, format: 'pkcs1' | 'pkcs8' | 'sec1') =>
      generate(type, options).privateKey.export({ type: format, format: 'pem' });

    beforeAll(async () => {
      await target.expectOk('/delegate', { ...OWNER, Uses: 10_000, Time: '2h' });
    });

    it('refuses plaintexts that are not a usable SSH private key with a status', async () => {
      const unusable = [
        pem('dsa', { modulusLength: 1024, divisorLength: 160 }, 'pkcs8'),
        pem('ec', { namedCurve: 'secp256k1' }, 'sec1'),
        pem('ed448', {}, 'pkcs8'),
        pem('x25519', {}, 'pkcs8'),
        pem('rsa-pss', { modulusLength: 1024 }, 'pkcs8'),
        generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
          type: 'spki',
          format: 'pem',
        }),
        '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
        '',
        Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97) % 256)),
      ];
      for (const key of unusable) {
        for (const algorithm of ['', 'rsa-sha2-256']) {
          expect((await sign(key, algorithm)).Status).toMatch(/^ssh: /);
        }
      }
      await target.expectAdminServed();
    });

    // OpenSSL refuses SHA-512 with a 512-bit RSA key ("digest too big for rsa key").
    it(
      'refuses a key too small for the requested RSA scheme with a status, not a 500',
      async () => {
        const small = pem('rsa', { modulusLength: 512 }, 'pkcs1');
        expect((await sign(small, '')).Status).toBe('ok');
        expect((await sign(small, 'rsa-sha2-512')).Status).toMatch(/^ssh: /);
      },
    );

    // The algorithm name is a lookup key from the request: it must not reach Object.prototype.
    it('refuses Object.prototype names as the signature algorithm', async () => {
      const rsa = pem('rsa', { modulusLength: 1024 }, 'pkcs1');
      for (const algorithm of PROTOTYPE_NAMES) {
        expect((await sign(rsa, algorithm)).Status, algorithm).toBe(
          'ssh: unknown signature algorithm',
        );
      }
    });
  });
});

describe('prototype pollution', () => {
  it('never reads credentials or flags through __proto__ or constructor keys', async () => {
    const aliceText = JSON.stringify(ALICE).slice(1, -1);
    const payloads = [
      `{"__proto__":{${aliceText}}}`,
      `{"constructor":{"prototype":{${aliceText}}}}`,
      `{"prototype":{${aliceText}}}`,
      `{"__proto__":{"Admin":true},"Name":"Bob","Password":"wrong"}`,
      `{"Name":"Bob","__proto__":{"Password":${JSON.stringify(credentialsOf('Bob').Password)}}}`,
    ];
    const endpoints = ENDPOINT_PATHS.filter((path) => path !== '/create');
    await target.sendAll(
      endpoints.flatMap((endpoint) =>
        payloads.map((payload) => ({ endpoint, payload, invalid: true })),
      ),
    );
    // A valid request with pollution keys beside it: the keys are ignored, not merged.
    const body = `{"__proto__":{"Admin":true},"constructor":{"prototype":{"Admin":true}},"Name":"Polly","Password":"p"}`;
    expect((await target.send({ endpoint: '/create-user', payload: body })).reply.Status).toBe(
      'ok',
    );
    const summary = await target.expectAdminServed();
    expect(summary.All.Polly).toEqual({ Admin: false, Type: 'RSA' });
    expect(({} as Record<string, unknown>).Admin).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('treats names that are Object.prototype properties as plain names', async () => {
    // The random properties above may have made one of these names a user (a /delegate
    // by an unknown name creates it); this test starts from none of them.
    const existing = (await target.expectAdminServed()).All as Record<string, unknown>;
    for (const name of PROTOTYPE_NAMES.filter((candidate) => Object.hasOwn(existing, candidate))) {
      await target.expectOk('/modify', { ...ALICE, ToModify: name, Command: 'delete' });
    }
    const expectations: Array<[string, Record<string, unknown>, RegExp]> = [];
    for (const name of PROTOTYPE_NAMES) {
      for (const endpoint of ['/summary', '/status']) {
        const body = { ...plausibleBody(endpoint, name, blob), Password: 'x' };
        expectations.push([endpoint, body, /^User not present$/]);
      }
      // Alice: the earlier tests may have locked the other fixture users out.
      const delegation = { ...ALICE, Uses: 1, Time: '1h', Users: [name] };
      expectations.push([
        '/delegate',
        delegation,
        new RegExp(`^User\\(s\\) not present: ${name}$`),
      ]);
      expectations.push([
        '/modify',
        { ...ALICE, ToModify: name, Command: 'delete' },
        /^core: record to modify missing$/,
      ]);
      expectations.push([
        '/orderinfo',
        { ...ALICE, OrderNum: name },
        /^No order with that number$/,
      ]);
    }
    const shots = expectations.map(([endpoint, body]) => ({
      endpoint,
      payload: JSON.stringify(body),
      invalid: true,
    }));
    for (const [i, { reply }] of (await target.sendAll(shots)).entries()) {
      expect(reply.Status, shots[i]!.payload).toMatch(expectations[i]![2]);
    }

    // Valid names among them become ordinary users, with keys, delegations and blobs.
    const valid = PROTOTYPE_NAMES.filter((name) => /^[A-Za-z0-9]/.test(name));
    for (const name of valid)
      await target.expectOk('/create-user', { Name: name, Password: `${name}-pw` });
    const summary = await target.expectAdminServed();
    for (const name of valid)
      expect(summary.All[name], name).toEqual({ Admin: false, Type: 'RSA' });

    const [first, second] = valid as [string, string];
    await target.expectOk('/modify', { ...ALICE, ToModify: first, Command: 'admin' });
    await target.expectOk('/modify', { ...ALICE, ToModify: first, Command: 'revoke' });
    const labels = ['__proto__', 'constructor'];
    const sealed = await target.expectOk('/encrypt', {
      ...ALICE,
      Minimum: 2,
      Owners: [first, second],
      Labels: labels,
      Data: Buffer.from('prototype').toString('base64'),
    });
    const ownersReply = (await target.sendJson('/owners', { Data: sealed.Response })).reply;
    expect(ownersReply.Owners).toEqual([first, second]);
    expect(ownersReply.Labels).toEqual([...labels].sort());
    for (const name of [first, second]) {
      await target.expectOk('/delegate', {
        Name: name,
        Password: `${name}-pw`,
        Uses: 1,
        Time: '1h',
        Labels: ['constructor'],
        Slot: '__proto__',
      });
    }
    const opened = await target.expectOk('/decrypt', { ...ALICE, Data: sealed.Response });
    const decoded = JSON.parse(Buffer.from(opened.Response as string, 'base64').toString());
    expect(Buffer.from(decoded.Data, 'base64').toString()).toBe('prototype');
  });
});

describe('blobs', () => {
  const seed = () => fc.constantFrom(...seeds);

  it('refuses truncated blobs (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(seed(), fc.nat(), fc.boolean(), async (source, cut, asText) => {
        const bytes = Buffer.from(source, 'base64');
        const data = asText
          ? source.slice(0, cut % source.length)
          : bytes.subarray(0, cut % bytes.length).toString('base64');
        const endpoint = cut % 10 === 0 ? '/decrypt' : '/owners';
        const body = endpoint === '/decrypt' ? { ...ALICE, Data: data } : { Data: data };
        const { reply } = await target.sendJson(endpoint, body, { invalid: true });
        expect(reply.Status).not.toBe('ok');
      }),
      { numRuns: 250 * SCALE },
    );
    await target.expectAdminServed();
  });

  it('survives bit flips in the outer blob and in inner bytes re-signed with the vault key (fast-check)', async () => {
    const outerFlip = seed().chain((source) => {
      const bytes = Buffer.from(source, 'base64');
      return bitFlips(bytes.length).map((flips) => flipBits(bytes, flips).toString('base64'));
    });
    const innerFlip = seed().chain((source) => {
      const inner = Buffer.from(outerOf(source).Data, 'base64');
      return bitFlips(inner.length).map((flips) => sealInnerBytes(flipBits(inner, flips)));
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(outerFlip, innerFlip), async (data) => {
        await target.sendJson('/owners', { Data: data });
      }),
      { numRuns: 400 * SCALE },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(outerFlip, innerFlip), async (data) => {
        await target.sendJson('/decrypt', { ...ALICE, Data: data });
      }),
      { numRuns: 25 * SCALE },
    );
    await target.expectAdminServed();
  });

  it('survives blobs whose both signatures are right but whose inner structure is wrong (fast-check)', async () => {
    const forged = seed()
      .chain((source) => innerSurgery(innerOf(source)))
      .map(sealInner);
    await fc.assert(
      fc.asyncProperty(forged, async (data) => {
        await target.sendJson('/owners', { Data: data });
      }),
      { numRuns: 500 * SCALE },
    );
    // The same through the endpoints that go on to unwrap keys and decrypt.
    const calls: Array<[string, (data: string) => Record<string, unknown>, number]> = [
      ['/decrypt', (data) => ({ ...ALICE, Data: data }), 40],
      ['/ssh-sign-with', (data) => ({ ...ALICE, Data: data, TBSData: 'c2lnbg==' }), 15],
      ['/re-encrypt', (data) => ({ ...ALICE, Data: data, Minimum: 1, Owners: ['Bob'] }), 15],
      [
        '/order',
        (data) => ({ ...ALICE, EncryptedData: data, Duration: '1h', Uses: 1, Users: ['Bob'] }),
        10,
      ],
    ];
    for (const [endpoint, bodyFor, numRuns] of calls) {
      await fc.assert(
        fc.asyncProperty(forged, async (data) => {
          await target.sendJson(endpoint, bodyFor(data));
        }),
        { numRuns: numRuns * SCALE },
      );
    }
    await target.expectAdminServed();
  });

  it('refuses an unsigned legacy blob that lies about its vault, and a blob of the wrong vault', async () => {
    const inner = innerOf(blob);
    const legacy = Buffer.from(JSON.stringify({ ...inner, VaultId: VAULT_ID + 1 })).toString(
      'base64',
    );
    for (const endpoint of ['/owners', '/decrypt']) {
      const { reply } = await target.sendJson(
        endpoint,
        { ...ALICE, Data: legacy },
        { invalid: true },
      );
      expect(reply.Status).not.toBe('ok');
    }
    const otherVault = sealInner({ ...inner, VaultId: VAULT_ID + 1 });
    const { reply } = await target.sendJson(
      '/decrypt',
      { ...ALICE, Data: otherVault },
      { invalid: true },
    );
    expect(reply.Status).toBe('Wrong vault');
  });

  it('reads base64 as Go does: line breaks skipped; spaces, tabs, URL alphabet and missing padding refused', async () => {
    const expected = (await target.sendJson('/owners', { Data: blob })).reply;
    const lines = (text: string, separator: string) => text.match(/.{1,76}/g)!.join(separator);
    for (const data of [lines(blob, '\n'), lines(blob, '\r\n'), `${blob}\n`, `\r\n${blob}`]) {
      expect((await target.sendJson('/owners', { Data: data })).reply).toEqual(expected);
    }
    const refused = [
      lines(blob, ' '),
      lines(blob, '\t'),
      ` ${blob}`,
      `${blob} `,
      `${blob.slice(0, 8)}-${blob.slice(9)}`,
      `${blob.slice(0, 8)}_${blob.slice(9)}`,
      blob.replace(/=+$/, '') + (blob.endsWith('=') ? '' : 'A'),
      `${blob}=`,
      blob.replace(/A/, '\u00c1'),
    ];
    for (const data of refused) {
      for (const endpoint of ['/owners', '/decrypt']) {
        const { reply } = await target.sendJson(
          endpoint,
          { ...ALICE, Data: data },
          { invalid: true },
        );
        expect(reply.Status, JSON.stringify(data.slice(0, 40))).toMatch(
          /^illegal base64 data at input byte \d+$/,
        );
      }
    }
    // The same rules inside a blob, for the base64 of the inner fields.
    const inner = innerOf(blob);
    const innerVariants: Array<[string, boolean]> = [
      [lines(inner.Data, '\n'), true],
      [` ${inner.Data}`, false],
      [
        inner.Data.replace(/\+/g, '-').replace(/\//g, '_') + (/[+/]/.test(inner.Data) ? '' : '-'),
        false,
      ],
    ];
    for (const [data, accepted] of innerVariants) {
      const forged = sealInnerBytes(Buffer.from(JSON.stringify({ ...inner, Data: data })));
      const { reply } = await target.sendJson('/owners', { Data: forged }, { invalid: !accepted });
      if (accepted) expect(reply).toEqual(expected);
    }
    await target.expectAdminServed();
  });
});

describe('valid mutations between hostile requests', () => {
  it('writes exactly the valid mutations, each leaving a vault that loads', async () => {
    await target.expectOk('/create-user', { Name: 'FuzzUser', Password: 'first', UserType: 'ECC' });
    await target.expectOk('/password', {
      Name: 'FuzzUser',
      Password: 'first',
      NewPassword: 'second',
    });
    const stale = await target.sendJson(
      '/password',
      { Name: 'FuzzUser', Password: 'first', NewPassword: 'third' },
      { invalid: true },
    );
    expect(stale.reply.Status).toBe('Wrong Password');
    await target.expectOk('/modify', { ...ALICE, ToModify: 'FuzzUser', Command: 'admin' });
    const notAdmin = await target.sendJson(
      '/modify',
      { Name: 'FuzzUser', Password: 'second', ToModify: 'FuzzUser', Command: 'revoke' },
      { invalid: true },
    );
    expect(notAdmin.reply.Status).toBe('core: cannot modify own record');
    await target.expectOk('/modify', { ...ALICE, ToModify: 'FuzzUser', Command: 'revoke' });
    await target.expectOk('/delegate', {
      Name: 'FuzzDelegate',
      Password: 'd',
      Uses: 1,
      Time: '1m',
    });

    const summary = await target.expectAdminServed();
    expect(summary.All.FuzzUser).toEqual({ Admin: false, Type: 'ECC' });
    expect(summary.All.FuzzDelegate).toEqual({ Admin: false, Type: 'RSA' });
  });

  it('leaves a vault file that a fresh server opens, with every user it acknowledged', async () => {
    const fresh = await startTestApp({ store: new FileVaultStore(target.vaultPath) });
    try {
      target.requests++;
      const reply: Reply = await fresh.call('/summary', ALICE);
      expect(reply.Status).toBe('ok');
      const expectedUsers = [
        'Polly',
        'FuzzUser',
        'FuzzDelegate',
        'constructor',
        'toString',
        'valueOf',
      ];
      expect(Object.keys(reply.All)).toEqual(
        expect.arrayContaining([...KNOWN_NAMES, ...expectedUsers]),
      );
    } finally {
      await fresh.close();
    }
  });
});

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
