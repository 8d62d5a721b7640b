import { signWithSshKey } from '../../cryptor/ssh-signer.js';
import { hashBlob } from '../../order/order-book.js';
import { defineRoute, okWithJson } from '../route.js';
import { sshSignWithRequest } from '../schemas/requests.js';

/**
 * /ssh-sign-with: signs TBSData with the SSH private key held in a blob whose
 * Usages allow it. The key is decrypted, used and wiped inside the server;
 * it never leaves.
 */
export default defineRoute({
  path: '/ssh-sign-with',
  body: sshSignWithRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ blobId: () => hashBlob(body.Data) });
    await services.vault.authenticate(body.Name, body.Password);
    const decrypted = await services.cryptor.decrypt(body.Data, body.Name, 'ssh-sign-with');
    audit({ delegates: decrypted.delegates, labels: decrypted.labels });
    services.orders.recordDecryption(body.Data, body.Name);
    try {
      const { format, signature } = signWithSshKey(decrypted.plaintext, body.TBSData, body.Algorithm);
      return okWithJson({
        SignatureFormat: format,
        Signature: signature,
        Secure: decrypted.secure,
        Delegates: decrypted.delegates,
      });
    } finally {
      decrypted.plaintext.fill(0);
    }
  },
});
