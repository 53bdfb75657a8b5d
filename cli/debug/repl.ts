// Driving the debugger: from a script (a file, or stdin when it is not a
// terminal) or from an interactive prompt (node:readline, with history,
// completion, gdb's "empty line repeats the last step" and Ctrl-C to
// interrupt a run).
//
// Scripted output is a transcript: each command echoed after the prompt,
// then its output. It is stable (no host time, no absolute paths, no
// colour), which the golden tests rely on.

import { createInterface } from 'node:readline';
import { CommandError, commandNames, repeats, type Debugger } from './commands.ts';
import { finish, type Work } from './session.ts';

export const PROMPT = '(mtemu) ';

/** Run script lines; returns the number of commands that failed. */
export function runScript(dbg: Debugger, lines: readonly string[], write: (t: string) => void): number {
  let errors = 0;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (line.trim().startsWith('#')) {
      write(line.trim() + '\n');
      continue;
    }
    write(PROMPT + line.trim() + '\n');
    try {
      if (!finish(dbg.exec(line))) return errors;
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      write(e.message + '\n');
      errors++;
    }
  }
  return errors;
}

/** Step a Work between event-loop turns; stop it when `interrupted()` says so. */
async function drive<T>(w: Work<T>, interrupted: () => boolean): Promise<{ done: true; value: T } | { done: false }> {
  for (;;) {
    const r = w.next();
    if (r.done) return { done: true, value: r.value };
    await new Promise<void>((res) => setImmediate(res));
    if (interrupted()) {
      w.return(undefined as never);
      return { done: false };
    }
  }
}

/** The interactive prompt. Resolves when the user quits (or input ends). */
export async function interactive(dbg: Debugger, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, write: (t: string) => void): Promise<void> {
  const names = commandNames().sort();
  const rl = createInterface({
    input,
    output,
    prompt: PROMPT,
    terminal: true,
    historySize: 1000,
    completer: (line: string) => {
      const hits = names.filter((n) => n.startsWith(line.trim()));
      return [hits.length ? hits : names, line];
    },
  });
  let busy = false;
  let stop = false;
  rl.on('SIGINT', () => {
    if (busy) stop = true;
    else {
      write('^C\n');
      rl.prompt();
    }
  });
  let last = '';
  rl.prompt();
  try {
    for await (const raw of rl) {
      let line = raw.trim();
      if (line === '' && last && repeats(last)) line = last;
      if (line === '') {
        rl.prompt();
        continue;
      }
      last = line;
      busy = true;
      stop = false;
      let more = true;
      try {
        const r = await drive(dbg.exec(line), () => stop);
        if (r.done) more = r.value;
        else dbg.report(dbg.s.interrupted());
      } catch (e) {
        if (!(e instanceof CommandError)) throw e;
        write(e.message + '\n');
      } finally {
        busy = false;
      }
      if (!more) break;
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
