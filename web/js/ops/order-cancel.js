/** /ordercancel: the order's creator withdraws it. */
import { callApi } from '../lib/api.js';
import { credentialFields } from '../lib/fields.js';
import { orderNumberField } from './order-info.js';

export default {
  id: 'order-cancel',
  tab: 'orders',
  title: 'Cancel an order',
  intro: 'Only the person who placed an order can cancel it.',
  submitLabel: 'Cancel order',
  busyLabel: 'Cancelling…',
  fields: [...credentialFields(), orderNumberField],
  async run(values) {
    await callApi('/ordercancel', {
      Name: values.Name,
      Password: values.Password,
      OrderNum: values.OrderNum,
    });
    return `Cancelled order ${values.OrderNum}.`;
  },
};
