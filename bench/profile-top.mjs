#!/usr/bin/env node
/**
 * The top self-time functions of V8 CPU profiles (`node --cpu-prof`), e.g. the
 * ones `npm run bench -- --cpu-prof=DIR` writes for the server.
 *
 *   node bench/profile-top.mjs [--top=N] [--by=function|module] [--inclusive=fnA,fnB] FILE.cpuprofile...
 *
 * --by=module adds self time up per package (node_modules), per file of ours
 * (dist/...), for node's internals and for native code.
 * --inclusive adds, for each named function, the time of the samples that have
 * it anywhere on their stack (the function and everything it called).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    top: { type: 'string', default: '25' },
    by: { type: 'string', default: 'function' },
    inclusive: { type: 'string', default: '' },
  },
  allowPositionals: true,
});

function shortUrl(url) {
  if (url === '') return '';
  const path = url.replace(/^file:\/\//, '');
  return path.includes('node_modules/') ? path.slice(path.lastIndexOf('node_modules/') + 13) : relative(process.cwd(), path);
}

function moduleOf(frame) {
  const url = frame.url;
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return inPackage ? inPackage[1] : relative(process.cwd(), path);
}

/** Self time per function (name and place) or per module, in ms, from the profile's samples. */
function selfTimes(profile) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byNode.get(profile.samples[i]);
    const frame = node.callFrame;
    const label =
      values.by === 'module'
        ? moduleOf(frame)
        : `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    times.set(label, (times.get(label) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  return times;
}

/** Time of the samples with a frame named `name` on their stack, in ms. */
function inclusiveTime(profile, name) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const hasFrame = new Map();
  const onStack = (id) => {
    if (id === undefined) return false;
    if (!hasFrame.has(id)) {
      hasFrame.set(id, byNode.get(id).callFrame.functionName === name || onStack(parent.get(id)));
    }
    return hasFrame.get(id);
  };
  let ms = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (onStack(profile.samples[i])) ms += profile.timeDeltas[i] / 1000;
  }
  return ms;
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const times = selfTimes(profile);
  const total = [...times.values()].reduce((sum, ms) => sum + ms, 0);
  const idle = times.get('(idle) :0') ?? times.get('(idle)') ?? 0;
  console.log(`${file}: ${(total / 1000).toFixed(1)} s sampled, ${(((total - idle) / total) * 100).toFixed(0)} % busy`);
  const top = [...times].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  const print = (label, ms) =>
    console.log(`${((ms / total) * 100).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms  ${label}`);
  for (const [label, ms] of top) print(label, ms);
  const names = values.inclusive.split(',').filter(Boolean);
  if (names.length > 0) console.log('inclusive:');
  for (const name of names) print(name, inclusiveTime(profile, name));
}
