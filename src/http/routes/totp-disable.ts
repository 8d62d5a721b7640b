import { defineRoute, ok } from '../route.js';
import { totpDisableRequest } from '../schemas/requests.js';

/**
 * /totp-disable (ours): removes the caller's authenticator. A confirmed one
 * needs a valid Code (TOTP or recovery code); a pending one only the password.
 */
export default defineRoute({
  path: '/totp-disable',
  body: totpDisableRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    const spent = await services.secondFactor.disable(body.Name, body.Password, body.Code);
    if (spent !== null) audit({ secondFactor: spent });
    return ok();
  },
});
