import { RoError } from '../../errors.js';
import { checkPasswordLength } from '../../vault/vault.js';
import { defineRoute, ok } from '../route.js';
import { requireSecondFactor } from '../second-factor.js';
import { passwordRequest } from '../schemas/requests.js';

/** /password: reseals the caller's key under a new password. */
export default defineRoute({
  path: '/password',
  body: passwordRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    if (!services.vault.isCreated) throw new RoError('ERR_VAULT_NOT_CREATED');
    if (body.NewPassword !== '') checkPasswordLength(body.NewPassword, services.registration.minPasswordLength);
    await requireSecondFactor(body, { services, audit }, false);
    await services.vault.changePassword(body.Name, body.Password, body.NewPassword, body.HipchatName);
    return ok();
  },
});
