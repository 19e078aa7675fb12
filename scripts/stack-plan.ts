// A stack's plan from Pulumi.<stack>.yaml (print-plan, clab, diagram): without Pulumi,
// secrets counted as present when the stack sets them (their values are never read).

import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { buildPlan } from "../components/plan/build-plan";
import { FabricPlan } from "../components/plan/plan-types";

export interface StackPlan {
  stack: string;
  file: string;
  plan: FabricPlan;
}

/** Throws PlanValidationError (every problem, one per line) for a stack whose topology is invalid. */
export function loadStackPlan(stack: string, projectDir = path.resolve(__dirname, "..")): StackPlan {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    throw new Error(`stack '${stack}' has no ${path.basename(file)} in ${projectDir}: name a stack that exists (e.g. dev)`);
  }
  const config = ((parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {});
  const has = (key: string) => config[`kube-fabric:${key}`] !== undefined;
  const plan = buildPlan({
    topology: config["kube-fabric:topology"],
    secrets: { switchPassword: has("switchPassword"), switchPrivateKey: has("switchPrivateKey"), nodePassword: has("nodePassword"), nodePrivateKey: has("nodePrivateKey") },
  });
  return { stack, file, plan };
}
