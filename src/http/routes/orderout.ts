import { defineRoute, okWithJson } from '../route.js';
import { orderOutstandingRequest } from '../schemas/requests.js';

/** /orderout: every open order, keyed by order number. */
export default defineRoute({
  path: '/orderout',
  audited: false,
  body: orderOutstandingRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    return okWithJson(services.orders.outstanding());
  },
});
