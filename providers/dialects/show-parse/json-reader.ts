// Typed, path-aware reads of device json: every missing or mistyped field becomes a ParseError
// naming the command and the json path, so no `any` leaks into the parsers.

import { ParseError } from "./parse-error";

/** Parses json text (what `| json` / `json` print); refuses empty output and CLI errors. */
export function parseJsonOutput(output: string, command: string): JsonObject {
  const text = output.trim();
  if (text === "") throw new ParseError({ command, reason: "the output is empty, expected a json document" });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const first = text.split("\n")[0].replace(/\s+$/, "");
    const reason = first.startsWith("%") ? "the device answered with an error instead of json" : `not json (${(e as Error).message})`;
    throw new ParseError({ command, reason, lineNumber: 1, line: first });
  }
  return new JsonObject(value, "", command);
}

function child(path: string, key: string): string {
  const part = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (path === "") return /^"/.test(part) ? `[${part}]` : part;
  return /^"/.test(part) ? `${path}[${part}]` : `${path}.${part}`;
}

export class JsonObject {
  private readonly fields: Record<string, unknown>;

  constructor(
    value: unknown,
    readonly path: string,
    readonly command: string,
  ) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ParseError({ command, reason: `expected a json object, found ${describe(value)}`, jsonPath: path });
    }
    this.fields = value as Record<string, unknown>;
  }

  fail(reason: string, key?: string): never {
    throw new ParseError({ command: this.command, reason, jsonPath: key === undefined ? this.path : child(this.path, key) });
  }

  keys(): string[] {
    return Object.keys(this.fields);
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined;
  }

  string(key: string): string {
    const v = this.optString(key);
    return v === undefined ? this.fail(`field ${key} is missing (expected a string)`, key) : v;
  }

  optString(key: string): string | undefined {
    const v = this.fields[key];
    if (v === undefined) return undefined;
    return typeof v === "string" ? v : this.fail(`expected a string, found ${describe(v)}`, key);
  }

  number(key: string): number {
    const v = this.optNumber(key);
    return v === undefined ? this.fail(`field ${key} is missing (expected a number)`, key) : v;
  }

  optNumber(key: string): number | undefined {
    const v = this.fields[key];
    if (v === undefined) return undefined;
    return typeof v === "number" && Number.isFinite(v) ? v : this.fail(`expected a number, found ${describe(v)}`, key);
  }

  optBoolean(key: string): boolean | undefined {
    const v = this.fields[key];
    if (v === undefined) return undefined;
    return typeof v === "boolean" ? v : this.fail(`expected true or false, found ${describe(v)}`, key);
  }

  /** A string or a number (ASNs are either, depending on the device and version). */
  optText(key: string): string | undefined {
    const v = this.fields[key];
    if (v === undefined) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    return this.fail(`expected a string or a number, found ${describe(v)}`, key);
  }

  object(key: string): JsonObject {
    const v = this.optObject(key);
    return v === undefined ? this.fail(`field ${key} is missing (expected an object)`, key) : v;
  }

  optObject(key: string): JsonObject | undefined {
    const v = this.fields[key];
    return v === undefined ? undefined : new JsonObject(v, child(this.path, key), this.command);
  }

  /** An array of objects. */
  objects(key: string): JsonObject[] {
    const v = this.fields[key];
    if (!Array.isArray(v)) return this.fail(v === undefined ? `field ${key} is missing (expected an array)` : `expected an array, found ${describe(v)}`, key);
    return v.map((item, i) => new JsonObject(item, `${child(this.path, key)}[${i}]`, this.command));
  }

  /** Every field as an object: maps keyed by VRF, peer address, prefix, … */
  entries(): Array<[string, JsonObject]> {
    return Object.keys(this.fields).map((k) => [k, new JsonObject(this.fields[k], child(this.path, k), this.command)]);
  }

  /** Every field as an array of objects: FRR maps prefixes and neighbor ids to lists. */
  arrayEntries(): Array<[string, JsonObject[]]> {
    return Object.keys(this.fields).map((k) => [k, this.objects(k)]);
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}
