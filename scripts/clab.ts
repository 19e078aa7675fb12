// `npm run -s clab -- [stack] [--out FILE] [--ceos-image I] [--frr-image I] [--node-image I] [--host-image I]`:
// the stack's topology as a containerlab topology file (stdout, or FILE). Default stack: dev.

import { containerlabTopology, ContainerlabImages, DEFAULT_IMAGES } from "../lab/containerlab/topology";
import { containerlabYaml } from "../lab/containerlab/to-yaml";
import { emitArtifact, parseArtifactArgs, runArtifactScript } from "./artifact-cli";
import { loadStackPlan } from "./stack-plan";

const IMAGE_FLAGS: Record<string, keyof ContainerlabImages> = {
  "--ceos-image": "ceos",
  "--frr-image": "frr",
  "--node-image": "node",
  "--host-image": "host",
};

function main(): void {
  const args = parseArtifactArgs(process.argv.slice(2), ["--out", ...Object.keys(IMAGE_FLAGS)]);
  const images = { ...DEFAULT_IMAGES };
  for (const [flag, key] of Object.entries(IMAGE_FLAGS)) {
    const value = args.options.get(flag);
    if (value !== undefined) images[key] = value;
  }
  const { stack, plan } = loadStackPlan(args.stack);
  const yaml = containerlabYaml(containerlabTopology(plan, stack, images));
  const out = args.options.get("--out");
  emitArtifact(yaml, out, `: containerlab deploy -t ${out}`);
}

runArtifactScript(main);
