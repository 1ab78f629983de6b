#!/usr/bin/env node
// Commit messages (issue 12): a subject of at most 72 characters, then, if there are details, a blank
// line before the body. Checked for the commits after SINCE (the history before it is what it is).
import { execFileSync } from 'node:child_process';

// The last commit before this check landed (the one that added it, 1b94b4d, did not land: its work came back in 308568e).
const SINCE = '8904283';
const MAX = 72;

let log;
try {
  log = execFileSync('git', ['log', '--format=%H%x1f%B%x1e', `${SINCE}..HEAD`], { encoding: 'utf8' });
} catch (e) {
  // Not a git checkout (a tarball) or a shallow clone without SINCE: nothing to check against.
  console.log(`commit messages: not checked (${e instanceof Error ? e.message.split('\n')[0] : e})`);
  process.exit(0);
}
const bad = [];
let n = 0;
for (const entry of log.split('\x1e')) {
  const [hash, message] = entry.replace(/^\n/, '').split('\x1f');
  if (!hash || message === undefined) continue;
  n++;
  const lines = message.replace(/\n+$/, '').split('\n');
  const subject = lines[0] ?? '';
  const length = [...subject].length; // characters, not bytes (Russian subjects)
  if (length === 0) bad.push(`${hash.slice(0, 7)}: empty subject`);
  if (length > MAX) bad.push(`${hash.slice(0, 7)}: subject is ${length} characters (at most ${MAX}): ${subject}`);
  if (lines.length > 1 && lines[1] !== '')
    bad.push(`${hash.slice(0, 7)}: no blank line between the subject and the body`);
}
if (bad.length) {
  console.error(`commit messages: ${bad.length} problem(s) in ${n} commits since ${SINCE}:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`commit messages: ${n} commits since ${SINCE}, every subject at most ${MAX} characters`);
