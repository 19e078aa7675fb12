// The provider's check(): every owned line must be safe to type and one the dialect knows how to key and
// remove, or we could neither undo it nor tell it apart from a hand edit. Pure; problems name the line.

import { checkConfigLine } from "../../../model/cli-safe";
import { Problem, formatProblem } from "../../../model/problems";
import { syntaxOf } from "../../dialects/registry";
import { ConfigLine, OwnedConfig } from "../../dialects/types";
import { DialectName } from "../../../model/device-plan";
import { pathText } from "./tree";
import { TOP_LEVEL, canonicalText, classify, lineKey } from "./syntax";

export class OwnedConfigError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(`kube-fabric: the owned switch config has ${problems.length === 1 ? "1 problem" : `${problems.length} problems`}:\n` + problems.map((p) => `  - ${formatProblem(p)}`).join("\n"));
    this.name = "OwnedConfigError";
  }
}

export function validateOwnedConfig(dialect: DialectName, owned: OwnedConfig): Problem[] {
  const syntax = syntaxOf(dialect);
  const problems: Problem[] = [];
  const walk = (list: readonly ConfigLine[], parent: string[], kind: string) => {
    const seen = new Map<string, string>();
    const texts = new Set<string>();
    for (const line of list) {
      const path = [...parent, line.text];
      const where = pathText(path);
      const add = (message: string, fix: string) => problems.push({ path: where, message, fix });
      const safety = checkConfigLine(line.text);
      if (!safety.ok) {
        add(`the line ${safety.reason}`, "remove the character; owned lines are typed verbatim into the device CLI");
        continue;
      }
      const canonical = canonicalText(syntax, line.text);
      const printed = syntax.printed(line.text.trim().replace(/\s+/g, " "));
      if (line.text !== printed) {
        add(`is not written the way ${dialect} prints it`, `write '${printed}', so that reading the config back compares equal`);
      }
      const known = classify(syntax, kind, line.text);
      if (!known) {
        add(
          `kube-fabric does not know this ${dialect} line ${kind === TOP_LEVEL ? "at the top level" : `inside a ${kind} context`}, so it could not remove it or tell it from a hand edit`,
          `own only lines providers/dialects/${dialect}/syntax.ts describes, or add a rule for it there`,
        );
        continue;
      }
      if (known.rule.opens === undefined && line.children.length > 0) {
        add(`is not a context on ${dialect}, yet has lines under it`, "move those lines to the context they belong to");
      }
      const key = lineKey(syntax, kind, line.text);
      const earlier = seen.get(key);
      if (texts.has(canonical)) add("appears twice in the same context", "own each line once");
      else if (earlier !== undefined && (known.rule.sameKey ?? "add") !== "add") add(`sets the same setting as '${earlier}'`, "keep one value per setting");
      seen.set(key, line.text);
      texts.add(canonical);
      if (known.rule.opens !== undefined) walk(line.children, path, known.rule.opens);
    }
  };
  walk(owned, [], TOP_LEVEL);
  return problems;
}

export function assertValidOwnedConfig(dialect: DialectName, owned: OwnedConfig): void {
  const problems = validateOwnedConfig(dialect, owned);
  if (problems.length > 0) throw new OwnedConfigError(problems);
}
