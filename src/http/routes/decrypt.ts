import { encodeGoJson } from '../../codec/go-json.js';
import { defineRoute, okWithResponse } from '../route.js';
import { decryptRequest } from '../schemas/requests.js';

/** /decrypt: opens a blob with the owners' live delegations. */
export default defineRoute({
  path: '/decrypt',
  body: decryptRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    const decrypted = services.cryptor.decrypt(body.Data, body.Name, 'decrypt');
    services.orders.recordDecryption(body.Data, body.Name);
    const response = encodeGoJson({
      Data: decrypted.plaintext,
      Secure: decrypted.secure,
      Delegates: decrypted.delegates,
    });
    decrypted.plaintext.fill(0);
    return okWithResponse(Buffer.from(response));
  },
});
