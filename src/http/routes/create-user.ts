import type { KeyType } from '../../crypto/key-wrap.js';
import { RoError } from '../../errors.js';
import { validateNameAndPassword } from '../../vault/vault.js';
import { defineRoute, ok } from '../route.js';
import { createUserRequest } from '../schemas/requests.js';

/**
 * The original matched UserType case-sensitively, yet its own Go client sends
 * "rsa" by default; any case is accepted here.
 */
function keyTypeOf(userType: string): KeyType {
  const normalised = userType === '' ? 'RSA' : userType.toUpperCase();
  if (normalised !== 'RSA' && normalised !== 'ECC') throw new RoError('ERR_UNKNOWN_RECORD_TYPE');
  return normalised;
}

/**
 * /create-user: adds a non-admin user with a fresh RSA or P-256 key pair.
 * Anyone may, as in the original, unless registration is admin-only; then the
 * request carries an admin's AdminName and AdminPassword.
 */
export default defineRoute({
  path: '/create-user',
  authenticates: false,
  body: createUserRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ target: body.Name, type: body.UserType || 'RSA', by: body.AdminName || undefined });
    const { vault, registration } = services;
    if (!vault.isCreated) throw new RoError('ERR_VAULT_NOT_CREATED');
    if (registration.adminOnly) {
      if (body.AdminName === '') throw new RoError('ERR_ADMIN_REQUIRED');
      await vault.authenticate(body.AdminName, body.AdminPassword, { admin: true });
    }
    validateNameAndPassword(body.Name, body.Password, registration.minPasswordLength);
    if (vault.hasUser(body.Name)) throw new RoError('ERR_USER_EXISTS');
    await vault.addUser(body.Name, body.Password, keyTypeOf(body.UserType), false, body.HipchatName);
    return ok();
  },
});
