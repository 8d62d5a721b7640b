import { RoError } from '../../errors.js';
import { orderJson } from '../../order/order-book.js';
import { defineRoute, okWithJson } from '../route.js';
import { orderInfoRequest } from '../schemas/requests.js';

/** /orderinfo: one open order by its number. */
export default defineRoute({
  path: '/orderinfo',
  audited: false,
  body: orderInfoRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    const order = services.orders.find(body.OrderNum);
    if (order === undefined) throw new RoError('ERR_ORDER_NOT_FOUND');
    return okWithJson(orderJson(order));
  },
});
