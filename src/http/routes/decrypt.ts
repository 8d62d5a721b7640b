import { hashBlob } from '../../order/order-book.js';
import { defineRoute, okWithJson } from '../route.js';
import { decryptRequest } from '../schemas/requests.js';

/** /decrypt: opens a blob with the owners' live delegations. */
export default defineRoute({
  path: '/decrypt',
  body: decryptRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ blobId: () => hashBlob(body.Data) });
    await services.vault.authenticate(body.Name, body.Password);
    const decrypted = await services.cryptor.decrypt(body.Data, body.Name, 'decrypt');
    audit({ delegates: decrypted.delegates, labels: decrypted.labels });
    services.orders.recordDecryption(body.Data, body.Name);
    const reply = { Data: decrypted.plaintext, Secure: decrypted.secure, Delegates: decrypted.delegates };
    return okWithJson(reply, decrypted.plaintext);
  },
});
