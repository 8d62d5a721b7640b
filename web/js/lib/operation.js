/**
 * One operation as a card: heading, form, and the outcome next to it.
 *
 * An operation module exports a spec:
 *   { id, tab, title, intro, submitLabel, busyLabel, fields, confirm?, run,
 *     queryFields? }
 * (queryFields maps URL query parameters to the fields they fill.)
 * `run(values, ui)` sends the request and returns the success sentence; it may
 * put richer output (tables, downloads) into `ui.result`. A thrown ApiError
 * shows the server's words under the form, an InputError the page's own.
 * While a request is out the form is disabled and a second submit is ignored;
 * password fields (and one-time codes) are emptied as soon as the request has
 * been answered, whatever the answer.
 */
import { adviceFor, ApiError, InputError } from './api.js';
import { h, uniqueId } from './dom.js';
import { buildField, isEmptyValue } from './fields.js';
import { rememberName } from './session.js';

/** Renders `op` and returns its card element. */
export function renderOperation(op) {
  const titleId = uniqueId(`${op.id}-title`);
  const fields = op.fields.map(buildField);
  const submit = h('button', {
    type: 'submit',
    class: 'button button--primary',
    text: op.submitLabel,
  });
  const fieldset = h(
    'fieldset',
    { class: 'form-body' },
    fields.map((field) => field.element),
    h('div', { class: 'actions' }, submit),
  );
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': titleId, dataset: { op: op.id } },
    fieldset,
  );
  const errorBox = h('div', { class: 'outcome outcome--error', role: 'alert' });
  const statusBox = h('div', { class: 'outcome outcome--ok', role: 'status' });
  const result = h('div', { class: 'result' });

  const card = h(
    'section',
    { class: `card card--${op.id}`, 'aria-labelledby': titleId, dataset: { op: op.id } },
    h('h2', { id: titleId, text: op.title }),
    op.intro ? h('p', { class: 'intro', text: op.intro }) : null,
    form,
    errorBox,
    statusBox,
    result,
  );

  const ui = { card, form, result, statusBox, errorBox, submit, op };
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    try {
      await submitOperation(op, fields, ui, fieldset);
    } finally {
      busy = false;
    }
  });
  return card;
}

async function submitOperation(op, fields, ui, fieldset) {
  showOutcome(ui, null, null);
  const values = readValues(fields);
  if (!validate(fields, values, ui)) return;
  if (op.confirm) {
    const question = op.confirm(values);
    if (question && !window.confirm(question)) {
      clearPasswords(ui.form);
      return;
    }
  }

  ui.result.replaceChildren();
  setBusy(ui, fieldset, true);
  try {
    const message = await op.run(values, ui);
    if (typeof values.Name === 'string' && values.Name !== '') rememberName(values.Name);
    showOutcome(ui, null, message);
  } catch (error) {
    showOutcome(ui, error, null);
    if (!(error instanceof ApiError || error instanceof InputError)) console.error(error);
  } finally {
    clearPasswords(ui.form);
    setBusy(ui, fieldset, false);
  }
}

function readValues(fields) {
  const values = {};
  for (const field of fields) values[field.spec.name] = field.read();
  return values;
}

/** Checks required fields and each field's own rule; shows the first problem. */
function validate(fields, values, ui) {
  for (const field of fields) field.setInvalid(false);
  for (const field of fields) {
    const value = values[field.spec.name];
    let problem = null;
    if (field.spec.required && isEmptyValue(value)) {
      problem = field.spec.requiredMessage ?? `Fill in “${field.spec.label}”.`;
    } else if (field.spec.validate) {
      problem = field.spec.validate(value, values);
    }
    if (problem) {
      field.setInvalid(true);
      showOutcome(ui, new InputError(problem), null);
      field.focus();
      return false;
    }
  }
  return true;
}

function setBusy(ui, fieldset, busy) {
  const hadFocus = ui.form.contains(document.activeElement);
  fieldset.disabled = busy;
  ui.form.toggleAttribute('aria-busy', busy);
  ui.submit.classList.toggle('is-busy', busy);
  ui.submit.textContent = busy ? ui.op.busyLabel : ui.op.submitLabel;
  // Disabling the fieldset drops keyboard focus to the page; give it back.
  if (!busy && (document.activeElement === document.body || hadFocus)) ui.submit.focus();
  if (busy) ui.card.dataset.state = 'busy';
  else delete ui.card.dataset.state;
}

function clearPasswords(form) {
  const secrets = form.querySelectorAll('input[type="password"], input[autocomplete="one-time-code"]');
  for (const input of secrets) input.value = '';
}

/** Shows an error (its message as text, with advice when known) or a success sentence. */
function showOutcome(ui, error, message) {
  ui.errorBox.replaceChildren();
  ui.statusBox.replaceChildren();
  if (error) {
    const advice = error instanceof ApiError ? adviceFor(error.message) : null;
    const expected = error instanceof ApiError || error instanceof InputError;
    const text = expected
      ? error.message
      : 'This page hit an unexpected problem; the browser console has the details.';
    ui.errorBox.append(h('p', { class: 'outcome__text', text }));
    if (advice) ui.errorBox.append(h('p', { class: 'outcome__advice', text: advice }));
  }
  if (message) ui.statusBox.append(h('p', { class: 'outcome__text', text: message }));
}
