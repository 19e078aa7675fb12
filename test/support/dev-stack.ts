// Reads the dev stack's topology straight from Pulumi.dev.yaml, as `pulumi config` would hand it over.

import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export function devStackConfig(): Record<string, unknown> {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8");
  const document = parse(text) as { config: Record<string, unknown> };
  return document.config;
}

export function devTopology(): unknown {
  return structuredClone(devStackConfig()["kube-fabric:topology"]);
}

export const ALL_SECRETS = { switchPassword: true, switchPrivateKey: false, nodePassword: true, nodePrivateKey: false } as const;
