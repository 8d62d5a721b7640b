/**
 * /summary: the live delegations, with uses left and a countdown to expiry,
 * and every user with their key type and admin flag.
 */
import { request } from '../lib/api.js';
import { h, joinNames } from '../lib/dom.js';
import { credentialFields } from '../lib/fields.js';
import { formatLocalTime, formatRemaining, parseRfc3339 } from '../lib/time.js';

/** One ticking clock for every countdown on the page. */
let ticker = null;

export default {
  id: 'summary',
  tab: 'summary',
  title: 'Summary',
  intro:
    'Who has delegated, how many uses are left and when each delegation ends; and every user of this vault.',
  submitLabel: 'Show summary',
  busyLabel: 'Loading…',
  fields: credentialFields(),
  async run(values, ui) {
    const { reply, response } = await request('/summary', {
      Name: values.Name,
      Password: values.Password,
    });
    const offsetMs = serverClockOffset(response);
    const live = Object.entries(reply.Live ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const users = Object.entries(reply.All ?? {}).sort(([a], [b]) => a.localeCompare(b));

    ui.result.append(
      h(
        'p',
        { class: 'summary-state' },
        'Persistence: ',
        h('strong', { text: reply.State || 'unknown' }),
      ),
      h('h3', { text: 'Live delegations' }),
      live.length > 0
        ? delegationTable(live, offsetMs)
        : h('p', { class: 'empty', text: 'No live delegations.' }),
      h('h3', { text: 'Users' }),
      users.length > 0 ? userTable(users) : h('p', { class: 'empty', text: 'No users yet.' }),
    );
    startTicking(ui.result);
    const count = live.length === 1 ? '1 live delegation' : `${live.length} live delegations`;
    const userCount = `${users.length} user${users.length === 1 ? '' : 's'}`;
    const asOf = formatLocalTime(Date.now());
    return `${count} and ${userCount}, as of ${asOf}. Show the summary again to refresh it.`;
  },
};

/**
 * Milliseconds to add to this browser's clock to get the server's, from the
 * reply's Date header. Only a difference of several seconds counts: the header
 * has a one-second resolution.
 */
function serverClockOffset(response) {
  const serverNow = Date.parse(response.headers.get('Date') ?? '');
  if (Number.isNaN(serverNow)) return 0;
  const offset = serverNow - Date.now();
  return Math.abs(offset) > 3000 ? offset : 0;
}

function delegationTable(live, offsetMs) {
  const rows = live.map(([key, entry]) => {
    const expiry = parseRfc3339(entry.Expiry ?? '');
    const localExpiry = expiry - offsetMs;
    const countdown = h('span', { class: 'countdown', dataset: { expiry: String(localExpiry) } });
    return h(
      'tr',
      {},
      cell('Delegation', h('strong', { text: key })),
      cell('Uses left', String(entry.Uses)),
      cell(
        'Expires in',
        h('span', {}, countdown, h('span', { class: 'until', text: untilText(localExpiry) })),
      ),
      cell('For users', listText(entry.Users, 'anyone')),
      cell('Labels', listText(entry.Labels, 'none')),
      cell('Key', `${entry.Type}${entry.Admin ? ', admin' : ''}`),
    );
  });
  return table(
    'Live delegations',
    ['Delegation', 'Uses left', 'Expires in', 'For users', 'Labels', 'Key'],
    rows,
    'delegations',
  );
}

function userTable(users) {
  const rows = users.map(([name, user]) =>
    h(
      'tr',
      {},
      cell('Name', h('strong', { text: name })),
      cell('Key type', user.Type),
      cell('Administrator', user.Admin ? 'yes' : 'no'),
    ),
  );
  return table('Users', ['Name', 'Key type', 'Administrator'], rows, 'users');
}

function table(caption, headings, rows, kind) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: `data-table data-table--${kind}` },
      h('caption', { class: 'visually-hidden', text: caption }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headings.map((text) => h('th', { scope: 'col', text })),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

/** A cell that also carries its column name, shown beside the value on narrow screens. */
function cell(label, ...content) {
  return h('td', { dataset: { label } }, ...content);
}

function untilText(epochMs) {
  return Number.isNaN(epochMs) ? '' : ` until ${formatLocalTime(epochMs)}`;
}

function listText(list, whenEmpty) {
  return list && list.length > 0 ? joinNames(list) : whenEmpty;
}

/** Updates the countdowns under `root` now, then all of them once a second while any is left. */
function startTicking(root) {
  const tick = () => {
    const countdowns = document.querySelectorAll('.countdown[data-expiry]');
    if (countdowns.length === 0) {
      clearInterval(ticker);
      ticker = null;
      return;
    }
    for (const node of countdowns) updateCountdown(node);
  };
  for (const node of root.querySelectorAll('.countdown[data-expiry]')) updateCountdown(node);
  if (ticker === null) ticker = setInterval(tick, 1000);
}

function updateCountdown(node) {
  const remaining = Number(node.dataset.expiry) - Date.now();
  const text = Number.isNaN(remaining) ? 'unknown' : formatRemaining(remaining);
  if (node.textContent !== text) node.textContent = text;
  if (remaining > 0) return;
  node.closest('tr')?.classList.add('is-expired');
  delete node.dataset.expiry;
}
