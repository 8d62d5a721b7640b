/** /orderinfo: one open order by its number. */
import { callApi } from '../lib/api.js';
import { decodeJsonResponse } from '../lib/bytes.js';
import { credentialFields } from '../lib/fields.js';
import { orderFacts } from '../lib/order-view.js';

export const orderNumberField = {
  name: 'OrderNum',
  label: 'Order number',
  required: true,
  hint: '24 hexadecimal digits, as the order was answered.',
};

export default {
  id: 'order-info',
  tab: 'orders',
  title: 'Look up an order',
  submitLabel: 'Look up',
  busyLabel: 'Looking up…',
  fields: [...credentialFields(), orderNumberField],
  async run(values, ui) {
    const reply = await callApi('/orderinfo', {
      Name: values.Name,
      Password: values.Password,
      OrderNum: values.OrderNum,
    });
    ui.result.append(orderFacts(decodeJsonResponse(reply.Response)));
    return `Order ${values.OrderNum} is open.`;
  },
};
