/**
 * Form fields from small specs. Every field is a labelled control with an
 * optional hint wired through aria-describedby, and offers the same handle:
 * read() its value, focus(), setInvalid().
 *
 * Spec keys: name, label, kind ('text' | 'password' | 'number' | 'select' |
 * 'textarea' | 'list' | 'custom'), hint, required, value, placeholder,
 * autocomplete, options (select: [{ value, label }]), min, max, validate
 * (value, values) -> message | null, and for 'custom' a build() returning the
 * handle itself.
 */
import { h, uniqueId } from './dom.js';

/** Builds the field for `spec` and returns its handle. */
export function buildField(spec) {
  if (spec.kind === 'custom') return { spec, ...spec.build(spec) };

  const id = uniqueId(`field-${spec.name.toLowerCase()}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const control = buildControl(spec, id, hintId);
  const element = h(
    'div',
    { class: `field field--${spec.kind ?? 'text'}` },
    h(
      'label',
      { for: id, text: spec.label },
      isOptional(spec) ? h('span', { class: 'optional', text: ' (optional)' }) : null,
    ),
    control,
    spec.hint ? h('p', { class: 'hint', id: hintId, text: spec.hint }) : null,
  );

  return {
    spec,
    element,
    read: () => readControl(spec, control),
    focus: () => control.focus(),
    setInvalid: (invalid) => control.toggleAttribute('aria-invalid', invalid),
  };
}

/** Selects always hold a value, so only other fields say when they may stay empty. */
function isOptional(spec) {
  return !spec.required && spec.kind !== 'select';
}

function buildControl(spec, id, hintId) {
  const common = {
    id,
    name: spec.name,
    'aria-describedby': hintId,
    'aria-required': spec.required ? 'true' : undefined,
    autocomplete: spec.autocomplete ?? 'off',
    placeholder: spec.placeholder,
  };

  switch (spec.kind) {
    case 'select':
      return h(
        'select',
        { ...common, autocomplete: undefined, placeholder: undefined },
        spec.options.map((option) =>
          h('option', {
            value: option.value,
            text: option.label,
            selected: option.value === spec.value,
          }),
        ),
      );
    case 'textarea':
      return h('textarea', {
        ...common,
        rows: spec.rows ?? 4,
        spellcheck: 'false',
        value: spec.value,
      });
    case 'number':
      return h('input', {
        ...common,
        type: 'number',
        inputmode: 'numeric',
        min: spec.min,
        max: spec.max,
        step: 1,
        value: spec.value,
      });
    case 'password':
      return h('input', {
        ...common,
        type: 'password',
        autocomplete: spec.autocomplete ?? 'current-password',
      });
    default:
      return h('input', {
        ...common,
        type: 'text',
        value: spec.value,
        autocapitalize: 'off',
        spellcheck: 'false',
        dataset: spec.remember ? { remember: spec.remember } : undefined,
      });
  }
}

function readControl(spec, control) {
  const raw = control.value;
  switch (spec.kind) {
    case 'password':
    case 'textarea':
    case 'select':
      return raw;
    case 'number':
      return raw.trim() === '' ? null : Number(raw);
    case 'list':
      return splitList(raw);
    default:
      return raw.trim();
  }
}

/** "Alice, Bob ,, Carol" -> ["Alice", "Bob", "Carol"]. */
export function splitList(text) {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Whether a read value counts as not filled in. */
export function isEmptyValue(value) {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** The two fields almost every operation starts with: who you are and your password. */
export function credentialFields({ who = 'Your name' } = {}) {
  return [
    {
      name: 'Name',
      label: who,
      required: true,
      autocomplete: 'username',
      remember: 'name',
    },
    { name: 'Password', label: 'Password', kind: 'password', required: true },
  ];
}

/**
 * The TOTP second factor's `Code`: what the authenticator app shows, or a
 * recovery code. Optional where only enrolled users need it.
 */
export function codeField({ required = false } = {}) {
  return {
    name: 'Code',
    label: 'Authenticator code',
    required,
    autocomplete: 'one-time-code',
    hint: required
      ? 'The 6-digit code your authenticator app shows now.'
      : 'If you added an authenticator: the 6-digit code it shows, or a recovery code.',
  };
}

/** A second password field that must match `field`. */
export function repeatPasswordField(field, label = 'Repeat the password') {
  return {
    name: `${field}Again`,
    label,
    kind: 'password',
    required: true,
    autocomplete: 'new-password',
    validate: (value, values) =>
      value === values[field] ? null : 'The two passwords are not the same.',
  };
}

/** An empty list becomes undefined, so the request leaves the field out (Go sees nil). */
export function listOrNothing(list) {
  return list.length > 0 ? list : undefined;
}
