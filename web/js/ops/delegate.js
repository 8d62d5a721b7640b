/**
 * /delegate: unlocks your key on the server for a number of uses and a time,
 * optionally only for some users and labels, in a named slot.
 */
import { callApi, InputError } from '../lib/api.js';
import { codeField, credentialFields, listOrNothing } from '../lib/fields.js';
import { formatLocalTime, parseGoDuration } from '../lib/time.js';

/** How many decryptions; shared with /restore, which delegates the same way. */
export const usesField = {
  name: 'Uses',
  label: 'Uses',
  kind: 'number',
  required: true,
  value: '1',
  min: 1,
  hint: 'How many decryptions this delegation allows.',
  validate: (uses) =>
    Number.isInteger(uses) && uses >= 1 ? null : 'Uses must be a whole number, 1 or more.',
};

export const timeField = {
  name: 'Time',
  label: 'For how long',
  required: true,
  value: '1h',
  hint: 'A duration such as 1h30m, 90m or 45s.',
  validate: (time) =>
    parseGoDuration(time) > 0 ? null : 'Write the time as a duration such as 1h30m, 90m or 45s.',
};

export default {
  id: 'delegate',
  tab: 'delegate',
  title: 'Delegate your key',
  intro:
    'Lets the server use your key on your behalf, for a limited number of decryptions and a limited time.',
  // The original's order notifications link here with these query parameters.
  queryFields: {
    delegator: 'Name',
    delegatee: 'Users',
    uses: 'Uses',
    label: 'Labels',
    duration: 'Time',
    ordernum: 'Slot',
    slot: 'Slot',
  },
  submitLabel: 'Delegate',
  busyLabel: 'Delegating…',
  fields: [
    ...credentialFields(),
    codeField(),
    usesField,
    timeField,
    {
      name: 'Slot',
      label: 'Slot',
      hint: 'A name for this delegation, to keep several side by side.',
    },
    {
      name: 'Users',
      label: 'Only for these users',
      kind: 'list',
      hint: 'Names separated by commas; empty means anyone.',
    },
    {
      name: 'Labels',
      label: 'Only for these labels',
      kind: 'list',
      hint: 'Labels separated by commas; empty means blobs without labels.',
    },
  ],
  async run(values) {
    const durationMs = parseGoDuration(values.Time);
    if (durationMs === null) throw new InputError('Write the time as a duration such as 1h30m.');
    const startedAt = Date.now();
    await callApi('/delegate', {
      Name: values.Name,
      Password: values.Password,
      Code: values.Code || undefined,
      Uses: values.Uses,
      Time: values.Time,
      Slot: values.Slot || undefined,
      Users: listOrNothing(values.Users),
      Labels: listOrNothing(values.Labels),
    });
    const uses = `${values.Uses} use${values.Uses === 1 ? '' : 's'}`;
    return `Delegated the key of ${values.Name}: ${uses}, until about ${formatLocalTime(startedAt + durationMs)}.`;
  },
};
