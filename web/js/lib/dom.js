/**
 * Building DOM nodes without HTML strings. Text always goes in as text nodes,
 * so nothing the server or a user typed can become markup (the page's CSP
 * enforces this too, with Trusted Types).
 */

/**
 * Creates an element. `props` keys: `class`, `text`, `dataset`, `on` (event
 * listeners), `hidden`/`disabled`/… (set as properties), anything else as an
 * attribute. Children may be nodes, strings, or null (skipped).
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') addListeners(node, value);
    else if (key in PROPERTIES) node[PROPERTIES[key]] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined));
  return node;
}

const PROPERTIES = {
  hidden: 'hidden',
  disabled: 'disabled',
  checked: 'checked',
  value: 'value',
  required: 'required',
  readOnly: 'readOnly',
  multiple: 'multiple',
  selected: 'selected',
};

function addListeners(node, listeners) {
  for (const [event, listener] of Object.entries(listeners)) node.addEventListener(event, listener);
}

let counter = 0;

/** A document-unique id with a readable prefix, for label/aria wiring. */
export function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function joinNames(names) {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** 1234 -> "1.2 kB", binary-free SI units as a file manager shows them. */
export function formatSize(bytes) {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
