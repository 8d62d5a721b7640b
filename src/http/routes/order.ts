import { RoError } from '../../errors.js';
import { hashBlob, orderJson } from '../../order/order-book.js';
import { defineRoute, okWithJson } from '../route.js';
import { orderRequest } from '../schemas/requests.js';
import { parseDelegationTime } from './delegate.js';

/**
 * /order: asks the owners of a blob (EncryptedData) to delegate Uses
 * decryptions for Users within Duration. Answers the order, with its number.
 */
export default defineRoute({
  path: '/order',
  body: orderRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ blobId: () => hashBlob(body.EncryptedData), users: body.Users, labels: body.Labels });
    const { vault, cryptor, delegations, orders } = services;
    await vault.authenticate(body.Name, body.Password);
    const { owners } = await cryptor.owners(body.EncryptedData);
    if (body.Duration === '') throw new RoError('ERR_ORDER_DURATION_REQUIRED');
    if (body.Uses < 1) throw new RoError('ERR_ORDER_USES_REQUIRED');
    const users = body.Users ?? [];
    if (users.length === 0) throw new RoError('ERR_ORDER_USERS_REQUIRED');
    const unknownUsers = users.filter((user) => !vault.hasUser(user));
    if (unknownUsers.length > 0) {
      throw new RoError('ERR_USERS_NOT_PRESENT', `User(s) not present: ${unknownUsers.join(', ')}`);
    }
    const durationNs = parseDelegationTime(body.Duration, 'Duration');

    delegations.refresh();
    const order = orders.place(
      { creator: body.Name, users, durationNs, uses: body.Uses, owners, labels: body.Labels, blob: body.EncryptedData },
      delegations.list(),
    );
    audit({ orderNum: order.num, owners: order.owners });
    return okWithJson(orderJson(order));
  },
});
