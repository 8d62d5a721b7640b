/**
 * What the page remembers between forms: the last name someone signed a
 * request with, in memory only (never storage), to save retyping it. Passwords
 * are never kept anywhere.
 */

let lastName = '';

export function rememberName(name) {
  lastName = name;
}

/** Fills empty "your name" fields under `root` with the remembered name. */
export function fillRememberedName(root) {
  if (lastName === '') return;
  for (const input of root.querySelectorAll('input[data-remember="name"]')) {
    if (input.value === '') input.value = lastName;
  }
}
