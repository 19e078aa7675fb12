// Turns what a pty sends (echo, ANSI sequences, CR overwrites, backspaces) into the text a person
// would read on the screen, so prompts and device messages can be matched with plain patterns.

const CSI_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const OSC_SEQUENCE = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const OTHER_ESCAPE = /\x1b[@-Z\\-_=>]/g;
/** Control characters that carry no text (BEL, NUL, SO/SI …); \b, \t, \n, \r are handled below. */
const SILENT_CONTROLS = /[\x00-\x07\x0b\x0c\x0e-\x1f\x7f]/g;

/** One screen line: applies carriage returns (back to column 0, later text overwrites) and backspaces. */
function renderLine(line: string): string {
  const cells: string[] = [];
  let column = 0;
  for (const ch of line) {
    if (ch === "\r") {
      column = 0;
    } else if (ch === "\b") {
      column = Math.max(0, column - 1);
    } else {
      cells[column] = ch;
      column += 1;
    }
  }
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = " ";
  return cells.join("");
}

/** Screen text of raw pty output: no escape sequences, `\n` line ends, CR overwrites applied. */
export function cleanTerminalText(raw: string): string {
  const withoutEscapes = raw
    .replace(OSC_SEQUENCE, "")
    .replace(CSI_SEQUENCE, "")
    .replace(OTHER_ESCAPE, "")
    .replace(SILENT_CONTROLS, "");
  return withoutEscapes
    .split("\n")
    // A trailing CR before LF is a line ending, not an overwrite.
    .map((line) => renderLine(line.replace(/\r+$/, "")))
    .join("\n");
}

/** The text after the last line break: where a prompt sits while the device waits for input. */
export function lastScreenLine(raw: string): string {
  const start = raw.lastIndexOf("\n") + 1;
  return cleanTerminalText(raw.slice(start));
}
