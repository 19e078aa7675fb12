// Prints the plan of a stack's topology without Pulumi: `npm run plan [-- <stack>]`.
// Validation problems are printed one per line and the exit code is 1.

import * as path from "path";
import { FabricPlan } from "../components/plan/plan-types";
import { runArtifactScript } from "./artifact-cli";
import { parseCommandLine } from "./lib/command-line";
import { loadStackPlan } from "./stack-plan";

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

export function renderPlan(plan: FabricPlan): string {
  const interfaces = [["device", "role", "interface", "address", "description", "ospf"]];
  for (const d of plan.devices) {
    for (const i of d.underlay.interfaces) {
      const ospf = i.ospf ? `area ${i.ospf.area}${i.ospf.passive ? " passive" : " p2p"}` : "-";
      interfaces.push([d.name, d.role, i.name, i.address, i.description, ospf]);
    }
  }
  const nodes = [["node", "role", "fabric address", "AS", "leaf", "port", "leaf peer", "leaf AS", "pod block", "route via leaf"]];
  for (const n of plan.nodes) {
    nodes.push([n.name, n.role, n.fabricAddress, String(n.asn), n.leaf, n.leafPort, n.leafPeerAddress, String(n.leafAsn), n.podBlocks.join(","), n.fabricRoute]);
  }
  const k = plan.kubernetes;
  return [
    "Interfaces",
    table(interfaces),
    "",
    "Nodes (eBGP to their leaf)",
    table(nodes),
    "",
    ...(plan.hosts.length ? ["Hosts", table([["host", "address", "gateway", "leaf", "port"], ...plan.hosts.map((h) => [h.name, h.address, h.gateway, h.leaf, h.leafPort])]), ""] : []),
    `Kubernetes ${k.version} (packages ${k.minor}): endpoint ${k.controlPlaneEndpoint}:6443 on ${k.controlPlaneNode}, pods ${k.podCidr} (/${k.blockSize} per node), services ${k.serviceCidr}`,
    `Calico ${plan.calico.version}`,
  ].join("\n");
}

function main(): void {
  const stack = parseCommandLine(process.argv.slice(2), {}, ["stack"]).positionals[0] ?? "dev";
  const { plan, file } = loadStackPlan(stack);
  console.log(`Plan of stack ${stack} (${path.basename(file)})\n`);
  console.log(renderPlan(plan));
}

if (require.main === module) runArtifactScript(main);
