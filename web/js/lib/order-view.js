/**
 * Orders as /order, /orderinfo and /orderout return them: the original's Go
 * struct (Num, Creator, Users, TimeRequested, DurationRequested in
 * nanoseconds, Delegated, OwnersDelegated, Owners, Labels).
 */
import { h, joinNames } from './dom.js';
import { formatDuration, formatLocalTime, parseRfc3339 } from './time.js';

/** The facts of one order as a definition list. */
export function orderFacts(order) {
  const rows = [
    ['Order number', h('code', { class: 'order-num', text: order.Num })],
    ['Asked by', order.Creator],
    ['For users', listText(order.Users, 'nobody')],
    ['Owners', listText(order.Owners, 'none')],
    ['Owners who delegated', listText(order.OwnersDelegated, 'none yet')],
    ['Delegations so far', String(order.Delegated)],
    ['Labels', listText(order.Labels, 'none')],
    ['Duration asked', formatDuration(Number(order.DurationRequested) / 1e6)],
    ['Asked at', formatLocalTime(parseRfc3339(order.TimeRequested))],
  ];
  return h(
    'dl',
    { class: 'facts', dataset: { order: order.Num } },
    rows.map(([term, value]) => [h('dt', { text: term }), h('dd', {}, value)]),
  );
}

function listText(list, whenEmpty) {
  return list && list.length > 0 ? joinNames(list) : whenEmpty;
}
