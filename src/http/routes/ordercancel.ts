import { RoError } from '../../errors.js';
import { defineRoute, okWithResponse } from '../route.js';
import { orderCancelRequest } from '../schemas/requests.js';

/** /ordercancel: the order's creator withdraws it. */
export default defineRoute({
  path: '/ordercancel',
  body: orderCancelRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ orderNum: body.OrderNum });
    await services.vault.authenticate(body.Name, body.Password);
    if (!services.orders.cancel(body.OrderNum, body.Name)) throw new RoError('ERR_ORDER_CANCEL_REFUSED');
    // The original answers with this sentence as the Response bytes.
    return okWithResponse(Buffer.from('Successfully removed order'));
  },
});
