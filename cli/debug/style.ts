// Colour for the debugger's output: ANSI escapes on a terminal, plain text
// everywhere else (pipes, scripts, NO_COLOR set, TERM=dumb). Without colour
// a changed register is marked with a trailing `*` instead of bold.

export interface Style {
  readonly color: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** A changed value: bold yellow, or the text plus `*`. */
  changed(s: string): string;
  /** What an unchanged value gets in place of `*` (keeps columns aligned). */
  unchanged(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const ANSI: Style = {
  color: true,
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
  changed: (s) => `\x1b[1;33m${s}\x1b[0m `,
  unchanged: (s) => `${s} `,
};

const id = (s: string) => s;

export const PLAIN: Style = {
  color: false,
  bold: id,
  dim: id,
  red: id,
  green: id,
  yellow: id,
  cyan: id,
  changed: (s) => `${s}*`,
  unchanged: (s) => `${s} `,
};

/** Colour when writing to a terminal and the environment does not forbid it (NO_COLOR, TERM=dumb). */
export function pickStyle(isTty: boolean, env: NodeJS.ProcessEnv = process.env): Style {
  if (!isTty) return PLAIN;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return PLAIN;
  if (env.TERM === 'dumb') return PLAIN;
  return ANSI;
}
