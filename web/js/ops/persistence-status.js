/** /status: whether live delegations are saved across restarts. */
import { callApi } from '../lib/api.js';
import { decodeJsonResponse } from '../lib/bytes.js';
import { credentialFields } from '../lib/fields.js';

const STATES = {
  disabled: 'Persistence is off: delegations live in memory only and end when the server stops.',
  active:
    'Persistence is on: live delegations are saved, encrypted, and can be restored after a restart.',
  inactive:
    'Saved delegations are waiting: after a restart, enough users must restore them (below).',
};

/** The sentence for a persistence state, as /status, /restore and /reset-persisted report it. */
export function describeState(state) {
  return STATES[state] ?? `Persistence state: ${state}.`;
}

export default {
  id: 'persistence-status',
  tab: 'persistence',
  title: 'Persistence status',
  intro: 'Whether live delegations survive a restart of the server.',
  submitLabel: 'Show status',
  busyLabel: 'Loading…',
  fields: credentialFields(),
  async run(values) {
    const reply = await callApi('/status', { Name: values.Name, Password: values.Password });
    return describeState(decodeJsonResponse(reply.Response).Status);
  },
};
