/**
 * What the workloads need on a fresh server: an admin, owners with RSA and ECC
 * keys, live delegations with plenty of uses, and blobs to decrypt.
 */
import { randomBytes } from 'node:crypto';

import { callOk } from './server.mjs';

export const ADMIN = { Name: 'admin', Password: 'admin-password' };
/** Blob owners: any two of three may decrypt; alice (RSA) and bob (ECC) delegate. */
export const OWNERS = [
  { Name: 'alice', Password: 'alice-password', UserType: 'RSA' },
  { Name: 'bob', Password: 'bob-password', UserType: 'ECC' },
  { Name: 'carol', Password: 'carol-password', UserType: 'RSA' },
];
/** Users who delegate in the /delegate workload, one of each key type. */
export const DELEGATORS = [
  { Name: 'dave', Password: 'dave-password', UserType: 'RSA' },
  { Name: 'erin', Password: 'erin-password', UserType: 'ECC' },
];
const MANY_USES = 1_000_000_000;

/** Creates the vault, the users and the delegations that decryption uses. */
export async function prepareUsers(server) {
  await callOk(server, '/create', ADMIN);
  await Promise.all(
    [...OWNERS, ...DELEGATORS].map((user) => callOk(server, '/create-user', user)),
  );
  await Promise.all(
    OWNERS.slice(0, 2).map(({ Name, Password }) =>
      callOk(server, '/delegate', { Name, Password, Uses: MANY_USES, Time: '24h' }),
    ),
  );
}

/** The JSON body of an /encrypt of `size` random bytes for two of the three owners. */
export function encryptBody(size) {
  return JSON.stringify({
    ...ADMIN,
    Minimum: 2,
    Owners: OWNERS.map((owner) => owner.Name),
    Data: randomBytes(size).toString('base64'),
  });
}

/** Encrypts `size` random bytes and returns the blob (base64, as clients hold it). */
export async function makeBlob(server, size) {
  const reply = await callOk(server, '/encrypt', encryptBody(size));
  return reply.Response;
}

export function decryptBody(blob) {
  return JSON.stringify({ ...ADMIN, Data: blob });
}

/** Nine owners, RSA and ECC in turn, for a 5-of-9 threshold predicate. */
export const NINE = Array.from({ length: 9 }, (_, i) => ({
  Name: `owner${i + 1}`,
  Password: `owner${i + 1}-password`,
  UserType: i % 2 === 0 ? 'RSA' : 'ECC',
}));

/** Creates the nine owners and has five of them delegate. */
export async function prepareNine(server) {
  await Promise.all(NINE.map((user) => callOk(server, '/create-user', user)));
  await Promise.all(
    NINE.slice(0, 5).map(({ Name, Password }) =>
      callOk(server, '/delegate', { Name, Password, Uses: MANY_USES, Time: '24h' }),
    ),
  );
}

/** An /encrypt of 256 random bytes that any five of the nine may open. */
export function fiveOfNineBody() {
  return JSON.stringify({
    ...ADMIN,
    Predicate: `(5, ${NINE.map((owner) => owner.Name).join(', ')})`,
    Data: randomBytes(256).toString('base64'),
  });
}
