/** /reset-persisted (administrators): forgets the saved delegations and starts saving afresh. */
import { callApi } from '../lib/api.js';
import { decodeJsonResponse } from '../lib/bytes.js';
import { credentialFields } from '../lib/fields.js';
import { describeState } from './persistence-status.js';

export default {
  id: 'reset-persisted',
  tab: 'persistence',
  title: 'Reset saved delegations',
  intro: 'Deletes the saved delegations, for when they can no longer be restored.',
  submitLabel: 'Reset',
  busyLabel: 'Resetting…',
  fields: credentialFields({ who: 'Administrator name' }),
  confirm: () => 'Delete the saved delegations for good?',
  async run(values) {
    const reply = await callApi('/reset-persisted', {
      Name: values.Name,
      Password: values.Password,
    });
    return `Reset. ${describeState(decodeJsonResponse(reply.Response).Status)}`;
  },
};
