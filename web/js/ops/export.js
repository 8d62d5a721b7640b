/**
 * /export (administrators): downloads the vault file. Its bytes are saved as
 * they come: parsing it here would round its big integers.
 */
import { callApi } from '../lib/api.js';
import { base64ToBytes } from '../lib/bytes.js';
import { formatSize } from '../lib/dom.js';
import { saveBytes } from '../lib/download.js';
import { credentialFields } from '../lib/fields.js';

export default {
  id: 'export',
  tab: 'admin',
  title: 'Export the vault',
  intro:
    'Downloads the vault file: users, their sealed keys and admin flags. Keys stay sealed under their passwords.',
  submitLabel: 'Export vault',
  busyLabel: 'Exporting…',
  fields: credentialFields({ who: 'Administrator name' }),
  async run(values) {
    const reply = await callApi('/export', { Name: values.Name, Password: values.Password });
    const bytes = base64ToBytes(reply.Response);
    const name = `vault-${new Date().toISOString().slice(0, 10)}.json`;
    saveBytes(bytes, name, 'application/json');
    return `Downloaded ${name} (${formatSize(bytes.length)}).`;
  },
};
