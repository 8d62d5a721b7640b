/**
 * Builds the page: a tab per group of operations, switched by the URL's hash
 * (#delegate, #summary, ...) so that back, forward and bookmarks work.
 */
import { h } from './lib/dom.js';
import { renderOperation } from './lib/operation.js';
import { fillRememberedName } from './lib/session.js';
import { guardPageAgainstDrops } from './lib/source.js';
import { OPERATIONS, TABS } from './operations.js';

function buildPanels(main) {
  const panels = new Map();
  for (const tab of TABS) {
    const cards = OPERATIONS.filter((op) => op.tab === tab.id).map(renderOperation);
    if (cards.length === 0) continue;
    const panel = h(
      'section',
      {
        class: 'panel',
        id: `panel-${tab.id}`,
        'aria-label': tab.label,
        hidden: true,
        dataset: { tab: tab.id },
      },
      h('div', { class: 'cards' }, cards),
    );
    panels.set(tab.id, panel);
    main.append(panel);
  }
  return panels;
}

function buildNav(nav, panels) {
  const links = new Map();
  for (const tab of TABS) {
    if (!panels.has(tab.id)) continue;
    const link = h('a', {
      href: `#${tab.id}`,
      class: 'tabs__link',
      text: tab.label,
      dataset: { tab: tab.id },
    });
    links.set(tab.id, link);
    nav.append(link);
  }
  return links;
}

function showTab(panels, links, tabId) {
  const id = panels.has(tabId) ? tabId : TABS.find((tab) => panels.has(tab.id)).id;
  for (const [panelId, panel] of panels) panel.hidden = panelId !== id;
  for (const [linkId, link] of links) {
    if (linkId === id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  fillRememberedName(panels.get(id));
  document.title = `${TABS.find((tab) => tab.id === id).label} · Red October`;
  return panels.get(id);
}

/**
 * Fills forms from the URL's query (links such as the original's order
 * notifications: ?delegator=Alice&uses=2&duration=1h...). Returns the tab of
 * the first form filled, if any.
 */
function fillFromQuery(main) {
  const params = new URLSearchParams(location.search);
  let tab = null;
  for (const op of OPERATIONS) {
    const form = main.querySelector(`form[data-op="${op.id}"]`);
    for (const [param, field] of Object.entries(op.queryFields ?? {})) {
      const input = form.elements.namedItem(field);
      if (!params.has(param) || !input || input.type === 'password') continue;
      input.value = params.get(param);
      tab ??= op.tab;
    }
  }
  return tab;
}

function start() {
  const main = document.getElementById('content');
  const panels = buildPanels(main);
  const links = buildNav(document.getElementById('tabs'), panels);
  const tabFromHash = () => decodeURIComponent(location.hash.slice(1));

  const linkedTab = fillFromQuery(main);
  showTab(panels, links, panels.has(tabFromHash()) ? tabFromHash() : linkedTab);
  window.addEventListener('hashchange', () => {
    // Other fragments (the skip link's #content) leave the current tab as it is.
    if (!panels.has(tabFromHash())) return;
    const panel = showTab(panels, links, tabFromHash());
    // Move keyboard and screen reader focus to the newly shown forms.
    panel.querySelector('h2')?.setAttribute('tabindex', '-1');
    panel.querySelector('h2')?.focus();
  });
  guardPageAgainstDrops();
  document.documentElement.dataset.ready = 'true';
}

start();
