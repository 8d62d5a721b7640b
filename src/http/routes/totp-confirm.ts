import { defineRoute, okWithJson } from '../route.js';
import { totpConfirmRequest } from '../schemas/requests.js';

/**
 * /totp-confirm (ours): a first valid Code turns a pending enrolment on.
 * Response: {"RecoveryCodes": [...]}, shown this once; only hashes are kept.
 */
export default defineRoute({
  path: '/totp-confirm',
  body: totpConfirmRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    const recoveryCodes = await services.secondFactor.confirm(body.Name, body.Password, body.Code);
    return okWithJson({ RecoveryCodes: recoveryCodes });
  },
});
