/** /orderout: every open order. */
import { callApi } from '../lib/api.js';
import { decodeJsonResponse } from '../lib/bytes.js';
import { h } from '../lib/dom.js';
import { credentialFields } from '../lib/fields.js';
import { orderFacts } from '../lib/order-view.js';

export default {
  id: 'orders-outstanding',
  tab: 'orders',
  title: 'Open orders',
  submitLabel: 'Show open orders',
  busyLabel: 'Loading…',
  fields: credentialFields(),
  async run(values, ui) {
    const reply = await callApi('/orderout', { Name: values.Name, Password: values.Password });
    const orders = Object.values(decodeJsonResponse(reply.Response) ?? {});
    orders.sort((a, b) => String(a.TimeRequested).localeCompare(String(b.TimeRequested)));
    ui.result.append(...orders.map((order) => h('div', { class: 'order' }, orderFacts(order))));
    return orders.length === 1 ? '1 open order.' : `${orders.length} open orders.`;
  },
};
