import { RoError } from '../../errors.js';
import { validateNameAndPassword } from '../../vault/vault.js';
import { defineRoute, ok } from '../route.js';
import { createRequest } from '../schemas/requests.js';

/** /create: makes the vault with its first user, an RSA admin. */
export default defineRoute({
  path: '/create',
  authenticates: false,
  body: createRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ target: body.Name });
    if (services.vault.isCreated) throw new RoError('ERR_VAULT_ALREADY_CREATED');
    validateNameAndPassword(body.Name, body.Password, services.registration.minPasswordLength);
    await services.vault.createVault(body.Name, body.Password);
    return ok();
  },
});
