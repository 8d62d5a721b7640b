import { encodeGoJson } from '../../codec/go-json.js';
import { defineRoute, okWithResponse } from '../route.js';
import { orderOutstandingRequest } from '../schemas/requests.js';

/** /orderout: every open order, keyed by order number. */
export default defineRoute({
  path: '/orderout',
  audited: false,
  body: orderOutstandingRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    return okWithResponse(Buffer.from(encodeGoJson(services.orders.outstanding())));
  },
});
