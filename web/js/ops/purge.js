/** /purge (administrators): ends every live delegation at once. */
import { callApi } from '../lib/api.js';
import { credentialFields } from '../lib/fields.js';

export default {
  id: 'purge',
  tab: 'admin',
  title: 'Purge delegations',
  intro: 'Ends every live delegation now, for example when a blob is no longer to be opened.',
  submitLabel: 'Purge all delegations',
  busyLabel: 'Purging…',
  fields: credentialFields({ who: 'Administrator name' }),
  confirm: () => 'End every live delegation now?',
  async run(values) {
    await callApi('/purge', { Name: values.Name, Password: values.Password });
    return 'Every live delegation has ended.';
  },
};
