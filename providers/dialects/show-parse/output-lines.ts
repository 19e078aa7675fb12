// Text output as numbered lines and whitespace-separated cells. Tolerates CRLF, trailing blanks
// and collapsed alignment (the reference lab lost its leading whitespace), so nothing here relies on columns.

import { ParseError } from "./parse-error";

export interface OutputLine {
  /** 1-based, as in the received output. */
  number: number;
  /** CR and trailing whitespace removed; leading whitespace kept. */
  text: string;
}

export interface Cell {
  text: string;
  /** Offset of the cell in its line, to cut free text (descriptions) out verbatim. */
  start: number;
}

export function outputLines(output: string): OutputLine[] {
  const lines = output.split("\n").map((raw, i) => ({ number: i + 1, text: raw.replace(/\s+$/, "") }));
  while (lines.length > 0 && lines[lines.length - 1].text === "") lines.pop();
  return lines;
}

/** The non-blank lines; throws for output that is empty or only blank, where a table was expected. */
export function requireContent(output: string, command: string): OutputLine[] {
  const lines = outputLines(output);
  if (!lines.some((l) => l.text.trim() !== "")) {
    throw new ParseError({ command, reason: "the output is empty, expected a table or a status line" });
  }
  return lines;
}

export function cells(text: string): Cell[] {
  const found: Cell[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push({ text: m[0], start: m.index });
  return found;
}

/** Header lines compared with alignment removed: "Neighbor   V  AS" → "Neighbor V AS". */
export function collapsed(text: string): string {
  return text.trim().split(/\s+/).join(" ");
}

/** A line the parser does not understand: a device error (`% …`) or anything else. */
export function unexpectedLine(command: string, line: OutputLine, expected: string): ParseError {
  const text = line.text.trim();
  const reason = text.startsWith("%") ? "the device answered with an error" : `unexpected line, expected ${expected}`;
  return new ParseError({ command, reason, lineNumber: line.number, line: line.text });
}

export function lineError(command: string, line: OutputLine, reason: string): ParseError {
  return new ParseError({ command, reason, lineNumber: line.number, line: line.text });
}
