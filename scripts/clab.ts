// `npm run -s clab -- [stack] [--out FILE] [--ceos-image I] [--frr-image I] [--node-image I] [--host-image I]`:
// the stack's topology as a containerlab topology file (stdout, or FILE). Default stack: dev.

import { containerlabTopology, ContainerlabImages, DEFAULT_IMAGES } from "../lab/containerlab/topology";
import { containerlabYaml } from "../lab/containerlab/to-yaml";
import { emitArtifact, runArtifactScript } from "./artifact-cli";
import { parseCommandLine } from "./lib/command-line";
import { loadStackPlan } from "./stack-plan";

const IMAGE_FLAGS = { "ceos-image": "ceos", "frr-image": "frr", "node-image": "node", "host-image": "host" } as const satisfies Record<string, keyof ContainerlabImages>;

const OPTIONS = {
  out: { type: "string", valueName: "FILE" },
  "ceos-image": { type: "string", valueName: "IMAGE" },
  "frr-image": { type: "string", valueName: "IMAGE" },
  "node-image": { type: "string", valueName: "IMAGE" },
  "host-image": { type: "string", valueName: "IMAGE" },
} as const;

function main(): void {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), OPTIONS, ["stack"]);
  const images = { ...DEFAULT_IMAGES };
  for (const [flag, key] of Object.entries(IMAGE_FLAGS)) {
    const value = values[flag as keyof typeof IMAGE_FLAGS];
    if (value !== undefined) images[key] = value;
  }
  const { stack, plan } = loadStackPlan(positionals[0] ?? "dev");
  const yaml = containerlabYaml(containerlabTopology(plan, stack, images));
  const out = values.out;
  emitArtifact(yaml, out, `: containerlab deploy -t ${out}`);
}

runArtifactScript(main);
