// `npm run -s clab -- [stack] [--out FILE] [--ceos-image I] [--frr-image I] [--node-image I] [--host-image I]`:
// the stack's topology as a containerlab topology file (stdout, or FILE). Default stack: dev.

import * as fs from "fs";
import { containerlabTopology, ContainerlabImages, DEFAULT_IMAGES } from "../lab/containerlab/topology";
import { containerlabYaml } from "../lab/containerlab/to-yaml";
import { parseArtifactArgs } from "./artifact-args";
import { loadStackPlan } from "./stack-plan";

const IMAGE_FLAGS: Record<string, keyof ContainerlabImages> = {
  "--ceos-image": "ceos",
  "--frr-image": "frr",
  "--node-image": "node",
  "--host-image": "host",
};

function main(): number {
  const args = parseArtifactArgs(process.argv.slice(2), ["--out", ...Object.keys(IMAGE_FLAGS)]);
  const images = { ...DEFAULT_IMAGES };
  for (const [flag, key] of Object.entries(IMAGE_FLAGS)) {
    const value = args.options.get(flag);
    if (value !== undefined) images[key] = value;
  }
  const { stack, plan } = loadStackPlan(args.stack);
  const yaml = containerlabYaml(containerlabTopology(plan, stack, images));
  const out = args.options.get("--out");
  if (out === undefined) {
    process.stdout.write(yaml);
  } else {
    fs.writeFileSync(out, yaml);
    console.error(`wrote ${out}: containerlab deploy -t ${out}`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
