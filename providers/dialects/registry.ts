// One entry per dialect. Adding a dialect adds a folder exporting a Dialect, and one line here.

import type { Dialect } from "./dialect";
import { eosDialect } from "./eos";
import { frrDialect } from "./frr";
import type { DialectSyntax } from "./types";
import type { DialectName } from "../../model/device-plan";

export type { Dialect } from "./dialect";

const DIALECTS: Record<DialectName, Dialect> = { eos: eosDialect, frr: frrDialect };

export function dialectOf(name: DialectName): Dialect {
  const dialect = DIALECTS[name];
  if (!dialect) throw new Error(`kube-fabric: unknown switch dialect '${String(name)}' — use one of: ${Object.keys(DIALECTS).join(", ")}`);
  return dialect;
}

export function syntaxOf(name: DialectName): DialectSyntax {
  return dialectOf(name).syntax;
}
