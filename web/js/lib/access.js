/**
 * "Who can decrypt" for /encrypt and /re-encrypt. Each way of saying it is a
 * mode: its fields, the request fields it produces, and a sentence for the
 * success message. A new way (such as a predicate) is one more entry in
 * ACCESS_MODES.
 */
import { h, joinNames, uniqueId } from './dom.js';
import { buildField } from './fields.js';

const ownersMode = {
  id: 'owners',
  label: 'Named owners',
  fields: [
    {
      name: 'Owners',
      label: 'Owners',
      kind: 'list',
      required: true,
      hint: 'Names separated by commas, e.g. Alice, Bob, Carol.',
    },
    {
      name: 'Minimum',
      label: 'How many must delegate',
      kind: 'number',
      required: true,
      value: '2',
      min: 1,
    },
  ],
  toRequest: (v) => ({ Minimum: v.Minimum, Owners: v.Owners }),
  check: (v) => {
    if (v.Owners.length === 0) return 'Name at least one owner.';
    if (!Number.isInteger(v.Minimum) || v.Minimum < 1)
      return 'How many must delegate: a whole number, 1 or more.';
    if (v.Minimum > v.Owners.length)
      return `Name at least ${v.Minimum} owners, or let fewer of them decrypt.`;
    return null;
  },
  describe: ({ Owners: owners, Minimum: minimum }) => {
    if (owners.length === 1) return owners[0];
    if (minimum === owners.length) return `${joinNames(owners)} together`;
    return `any ${minimum === 1 ? 'one' : minimum} of ${joinNames(owners)}`;
  },
};

const groupsMode = {
  id: 'groups',
  label: 'One owner from each of two groups',
  fields: [
    {
      name: 'LeftOwners',
      label: 'First group',
      kind: 'list',
      required: true,
      hint: 'Names separated by commas.',
    },
    {
      name: 'RightOwners',
      label: 'Second group',
      kind: 'list',
      required: true,
      hint: 'Names separated by commas.',
    },
  ],
  toRequest: (v) => ({ LeftOwners: v.LeftOwners, RightOwners: v.RightOwners }),
  check: (v) =>
    v.LeftOwners.length === 0 || v.RightOwners.length === 0
      ? 'Name at least one owner in each group.'
      : null,
  describe: (r) => `one of ${joinNames(r.LeftOwners)} with one of ${joinNames(r.RightOwners)}`,
};

const predicateMode = {
  id: 'predicate',
  label: 'A predicate',
  fields: [
    {
      name: 'Predicate',
      label: 'Predicate',
      required: true,
      hint: 'e.g. Alice & (Bob | Carol), or (2, Alice, Bob, Carol) for any two of the three.',
    },
  ],
  toRequest: (v) => ({ Predicate: v.Predicate }),
  check: (v) => (v.Predicate === '' ? 'Write the predicate, e.g. Alice & (Bob | Carol).' : null),
  describe: (r) => `the predicate ${r.Predicate}`,
};

export const ACCESS_MODES = [ownersMode, groupsMode, predicateMode];

/** The access field spec; read() gives { request, problem, sentence }. */
export function accessField() {
  return {
    name: 'Access',
    kind: 'custom',
    label: 'Who can decrypt',
    validate: (value) => value.problem,
    build: buildAccess,
  };
}

function buildAccess() {
  const group = uniqueId('access');
  const modes = ACCESS_MODES.map((mode, index) => {
    const fields = mode.fields.map(buildField);
    const radio = h('input', {
      type: 'radio',
      name: group,
      id: `${group}-${mode.id}`,
      value: mode.id,
      checked: index === 0,
    });
    const panel = h(
      'div',
      { class: 'access__panel', hidden: index !== 0 },
      fields.map((field) => field.element),
    );
    return { mode, fields, radio, panel };
  });
  const element = h(
    'fieldset',
    { class: 'field field--access' },
    h('legend', { text: 'Who can decrypt' }),
    h(
      'div',
      { class: 'choices' },
      modes.map(({ mode, radio }) =>
        h('div', { class: 'choice' }, radio, h('label', { for: radio.id, text: mode.label })),
      ),
    ),
    modes.map(({ panel }) => panel),
  );

  const current = () => modes.find(({ radio }) => radio.checked) ?? modes[0];
  for (const { radio } of modes) {
    radio.addEventListener('change', () => {
      for (const entry of modes) entry.panel.hidden = entry !== current();
    });
  }

  return {
    element,
    read: () => {
      const { mode, fields } = current();
      const values = Object.fromEntries(fields.map((field) => [field.spec.name, field.read()]));
      const problem = mode.check(values);
      const request = problem ? null : mode.toRequest(values);
      return { problem, request, sentence: request ? mode.describe(request) : '' };
    },
    focus: () => current().fields[0].focus(),
    setInvalid: (invalid) => current().fields[0].setInvalid(invalid),
  };
}
