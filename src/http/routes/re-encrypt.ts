import { hashBlob } from '../../order/order-book.js';
import { defineRoute, okWithResponse } from '../route.js';
import { reEncryptRequest } from '../schemas/requests.js';
import { accessOf } from './encrypt.js';

/** /re-encrypt: opens a blob with live delegations and seals it for new owners. */
export default defineRoute({
  path: '/re-encrypt',
  body: reEncryptRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ blobId: () => hashBlob(body.Data), labels: body.Labels });
    await services.vault.authenticate(body.Name, body.Password);
    const admin = services.vault.getRecord(body.Name)?.admin === true;
    const blob = await services.cryptor.reEncrypt(body.Data, { name: body.Name, admin }, accessOf(body), body.Labels ?? []);
    return okWithResponse(blob);
  },
});
