/** /order: asks a blob's owners to delegate, so that the named users can decrypt it. */
import { callApi } from '../lib/api.js';
import { readBlob } from '../lib/blob.js';
import { decodeJsonResponse } from '../lib/bytes.js';
import { credentialFields, listOrNothing } from '../lib/fields.js';
import { orderFacts } from '../lib/order-view.js';
import { sourceField } from '../lib/source.js';
import { timeField, usesField } from './delegate.js';

export default {
  id: 'order',
  tab: 'orders',
  title: 'Ask for delegations',
  intro: "Places an order: the blob's owners are told who needs to decrypt it, and for how long.",
  submitLabel: 'Place order',
  busyLabel: 'Placing order…',
  fields: [
    ...credentialFields(),
    sourceField({
      name: 'EncryptedData',
      legend: 'Blob to open',
      textLabel: 'Blob (base64)',
      fileLabel: 'Choose a .ro file',
      accept: '.ro,text/plain',
      rows: 3,
    }),
    {
      name: 'Users',
      label: 'Who will decrypt',
      kind: 'list',
      required: true,
      hint: 'Names separated by commas.',
    },
    { ...usesField, hint: 'How many decryptions to ask each owner for.' },
    { ...timeField, name: 'Duration' },
    { name: 'Labels', label: 'Labels', kind: 'list', hint: 'Labels separated by commas.' },
  ],
  async run(values, ui) {
    const reply = await callApi('/order', {
      Name: values.Name,
      Password: values.Password,
      EncryptedData: await readBlob(values.EncryptedData),
      Users: values.Users,
      Uses: values.Uses,
      Duration: values.Duration,
      Labels: listOrNothing(values.Labels),
    });
    const order = decodeJsonResponse(reply.Response);
    ui.result.append(orderFacts(order));
    return `Placed order ${order.Num}.`;
  },
};
