// A model of a device's configuration mode: types CLI lines into a config tree the way the dialect does
// (enter and leave contexts, replace single-valued settings, negations and what they take with them).
// The change-script planner steers it to check every line it plans; tests use it to replay scripts.

import { syntaxOf } from "../../dialects/registry";
import { ConfigLine, DialectSyntax } from "../../dialects/types";
import { DialectName } from "../../../model/device-plan";
import { cloneConfig, findLine } from "./tree";
import {
  TOP_LEVEL,
  UNKNOWN_CONTEXT,
  canonicalText,
  cascadePrefix,
  classify,
  lineKey,
  negationOf,
  sharedKey,
} from "./syntax";

/** A line the modelled device refuses, as the real one would (e.g. FRR's "Must remove previous area config"). */
export class ModelledCliError extends Error {
  constructor(
    readonly line: string,
    readonly reason: string,
  ) {
    super(`'${line}': ${reason}`);
    this.name = "ModelledCliError";
  }
}

interface OpenContext {
  line: ConfigLine;
  kind: string;
}

export class ConfigSession {
  private readonly root: ConfigLine[];
  private readonly stack: OpenContext[] = [];
  /** Every line typed, in order. */
  readonly typed: string[] = [];

  constructor(
    readonly syntax: DialectSyntax,
    tree: readonly ConfigLine[],
  ) {
    this.root = cloneConfig(tree);
  }

  /** The configuration as it stands (hidden lines still in it: compare through normalizeConfig). */
  get tree(): ConfigLine[] {
    return this.root;
  }

  get depth(): number {
    return this.stack.length;
  }

  get kind(): string {
    return this.stack.length === 0 ? TOP_LEVEL : this.stack[this.stack.length - 1].kind;
  }

  /** The lines of the context we are in (live: typing changes them). */
  get children(): ConfigLine[] {
    return this.stack.length === 0 ? this.root : this.stack[this.stack.length - 1].line.children;
  }

  /** Leaves the current context with the dialect's own exit command. */
  exit(): void {
    this.type(this.syntax.exitCommand(this.kind));
  }

  type(command: string): void {
    this.typed.push(command);
    const text = canonicalText(this.syntax, command);
    if (text === "exit" || text === this.syntax.exitCommand(this.kind)) {
      if (this.stack.length === 0) throw new ModelledCliError(command, "would leave configuration mode");
      this.stack.pop();
      return;
    }
    const list = this.children;
    const kind = this.kind;
    const known = classify(this.syntax, kind, text);
    if (known) {
      this.set(list, kind, command, known.rule.opens);
      return;
    }
    const existing = findLine(this.syntax, list, text);
    if (existing && existing.children.length > 0) {
      // A context we have no rule for (e.g. EOS `address-family evpn`): enter it to restore lines inside.
      this.stack.push({ line: existing, kind: UNKNOWN_CONTEXT });
      return;
    }
    if (this.negate(list, kind, text)) return;
    if (text.startsWith("no ")) return; // negating what is not there: nothing to do
    // A line we have no rule for (e.g. a cascade's victim being restored): kept as typed.
    list.push({ text: command.trim(), children: [] });
  }

  private set(list: ConfigLine[], kind: string, command: string, opens: string | undefined): void {
    const text = command.trim();
    let line = findLine(this.syntax, list, text);
    if (!line) {
      const key = sharedKey(this.syntax, kind, text);
      const sameKey = key === null ? undefined : list.find((l) => lineKey(this.syntax, kind, l.text) === key);
      const behaviour = classify(this.syntax, kind, text)?.rule.sameKey ?? "add";
      if (sameKey && behaviour === "negate-first") {
        throw new ModelledCliError(command, `conflicts with '${sameKey.text}', which must be removed first`);
      }
      if (sameKey && behaviour === "replace") {
        sameKey.text = text;
        line = sameKey;
      } else {
        line = { text, children: [] };
        list.push(line);
      }
    }
    if (opens !== undefined) this.stack.push({ line, kind: opens });
  }

  /** Removes the line this command negates, with what the negation takes along (`no neighbor X`). */
  private negate(list: ConfigLine[], kind: string, text: string): boolean {
    const index = list.findIndex((line) => canonicalText(this.syntax, negationOf(this.syntax, kind, line.text)) === text);
    if (index < 0) return false;
    const [removed] = list.splice(index, 1);
    const prefix = cascadePrefix(this.syntax, kind, removed.text);
    if (prefix) removeWithPrefix(this.syntax, list, prefix);
    return true;
  }
}

function removeWithPrefix(syntax: DialectSyntax, list: ConfigLine[], prefix: string): void {
  for (let i = list.length - 1; i >= 0; i--) {
    if (canonicalText(syntax, list[i].text).startsWith(prefix)) list.splice(i, 1);
    else removeWithPrefix(syntax, list[i].children, prefix);
  }
}

/** The configuration after typing `lines` in configuration mode, as the dialect would apply them. */
export function applyConfigLines(dialect: DialectName, tree: readonly ConfigLine[], lines: readonly string[]): ConfigLine[] {
  const session = new ConfigSession(syntaxOf(dialect), tree);
  for (const line of lines) session.type(line);
  return session.tree;
}

