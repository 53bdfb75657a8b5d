// The interactive prompt in a real terminal: `mtemu debug` under tmux
// (a pseudo-terminal, so stdin and stdout are TTYs), driven with
// send-keys and read back with capture-pane. Checks the prompt, a
// breakpoint and a fault stop, colour for changed registers (and none
// with NO_COLOR), an empty line repeating `step`, Ctrl-C interrupting a
// run of a program that never ends, and `quit`. Skipped without tmux.

import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const sessions: string[] = [];
afterAll(() => {
  for (const s of sessions) spawnSync('tmux', ['kill-session', '-t', s]);
});

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

function start(name: string, args: string, env = ''): string {
  const s = `mtemu-dbg-${process.pid}-${name}`;
  sessions.push(s);
  const cmd = `cd '${ROOT}' && env -u NO_COLOR TERM=xterm-256color ${env} node cli/mtemu.mjs debug ${args}; echo "[exit $?]"; sleep 30`;
  tmux('new-session', '-d', '-s', s, '-x', '200', '-y', '80', cmd);
  return s;
}

const screen = (s: string, escapes = false): string => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-S', '-400', '-t', s);

async function waitFor(s: string, what: RegExp | string, ms = 20_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const text = screen(s);
    if (typeof what === 'string' ? text.includes(what) : what.test(text)) return text;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// (capture-pane drops trailing spaces: an idle prompt is a last line "(mtemu)")
const prompts = (text: string): number => (text.match(/^\(mtemu\)/gm) ?? []).length;
const idle = (text: string): boolean => text.trimEnd().split('\n').pop() === '(mtemu)';

/** Type a line and wait until a new prompt is shown (the command finished). */
async function type(s: string, line: string): Promise<string> {
  const before = prompts(screen(s));
  if (line) tmux('send-keys', '-t', s, '-l', line);
  tmux('send-keys', '-t', s, 'Enter');
  const t0 = Date.now();
  for (;;) {
    const text = screen(s);
    if (prompts(text) > before && idle(text)) return text;
    if (Date.now() - t0 > 20_000) throw new Error(`'${line}' did not finish; screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!hasTmux)('mtemu debug in a terminal (tmux)', () => {
  it('prompt, breakpoint, fault stop, coloured changed registers, empty line repeats, quit', async () => {
    const s = start('basic', '--timing none programs/debug/tour.s');
    await waitFor(s, /^\(mtemu\)/m);
    expect(screen(s)).toContain("mtemu debug: programs/debug/tour.s, pid 1");
    await type(s, 'break read_it');
    let text = await type(s, 'run');
    expect(text).toContain('Breakpoint 1, 0x4000f0 <read_it>');
    text = await type(s, 'step');
    expect(text).toMatch(/Page fault \(read\) at 0xfffff77ec000, pc 0x4000f0 <read_it>: ldrb w21, \[x20\]/);
    await type(s, 'step');
    await type(s, 'regs');
    const colour = screen(s, true);
    // x21 was loaded by the step: bold yellow on a terminal, no `*` marker
    expect(colour).toMatch(/x21 \x1b\[1m\x1b\[33m0x00000000000000aa\x1b\[0m/);
    expect(colour).toMatch(/\x1b\[1mPage fault \(read\)/);
    expect(screen(s)).not.toMatch(/0x00000000000000aa\*/);
    // an empty line repeats the last step
    text = await type(s, 'step');
    expect(text).toMatch(/=> 0x4000f8 <write_it\+0x4>: strb w1, \[x20\]\n\(mtemu\)\s*$/);
    text = await type(s, '');
    expect(text).toMatch(/Page fault \(write\) at 0xfffff77ec000/);
    tmux('send-keys', '-t', s, '-l', 'quit');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, '[exit 0]');
  });

  it('NO_COLOR: plain text, changed registers marked with *', async () => {
    const s = start('nocolor', '--timing none programs/debug/calls.s', 'NO_COLOR=1');
    await waitFor(s, /^\(mtemu\)/m);
    await type(s, 'step');
    await type(s, 'regs');
    expect(screen(s, true)).not.toMatch(/\x1b\[1m/);
    expect(screen(s)).toMatch(/x0 {2}0x0000000000000007\*/);
    tmux('send-keys', '-t', s, 'C-d');
    await waitFor(s, '[exit 0]');
  });

  it('Ctrl-C interrupts a run that never ends; the session goes on', async () => {
    const s = start('spin', '--timing none programs/debug/spin.s');
    await waitFor(s, /^\(mtemu\)/m);
    tmux('send-keys', '-t', s, '-l', 'continue');
    tmux('send-keys', '-t', s, 'Enter');
    await new Promise((r) => setTimeout(r, 1500));
    tmux('send-keys', '-t', s, 'C-c');
    const text = await waitFor(s, /Interrupted\.\n=> 0x[0-9a-f]+ <spin(\+0x4)?>/);
    expect(text).toMatch(/Interrupted\./);
    const info = await type(s, 'info');
    const insn = Number(/Position +insn (\d+)/.exec(info)![1]);
    expect(insn).toBeGreaterThan(100_000);
    // reverse works after an interruption too
    const back = await type(s, 'reverse-step');
    expect(back).toMatch(/reverse-step\n=> 0x[0-9a-f]+ <spin/);
    tmux('send-keys', '-t', s, '-l', 'quit');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, '[exit 0]');
  });
});
