/** /restore: after a restart, each user adds their delegation until the saved ones can be unlocked. */
import { callApi } from '../lib/api.js';
import { decodeJsonResponse } from '../lib/bytes.js';
import { codeField, credentialFields } from '../lib/fields.js';
import { timeField, usesField } from './delegate.js';
import { describeState } from './persistence-status.js';

export default {
  id: 'restore',
  tab: 'persistence',
  title: 'Restore saved delegations',
  intro: 'Delegates your key to unlock the delegations saved before a restart.',
  submitLabel: 'Restore',
  busyLabel: 'Restoring…',
  fields: [...credentialFields(), codeField(), usesField, timeField],
  async run(values) {
    const reply = await callApi('/restore', {
      Name: values.Name,
      Password: values.Password,
      Code: values.Code || undefined,
      Uses: values.Uses,
      Time: values.Time,
    });
    return `Restored with the key of ${values.Name}. ${describeState(decodeJsonResponse(reply.Response).Status)}`;
  },
};
