// `npm run verify -- [stack]` as a library: the stack's plan and secrets (through `pulumi config get`),
// the lab's client as the pinger when the stack is a local lab, else every node over SSH.

import { readFileSync } from "fs";
import { delimiter, join } from "path";
import { engineLocation } from "../tools/engine/engine-env";
import { labLayout } from "../lab/stack-lab/layout";
import { labPaths, planOfStack } from "../lab/stack-lab";
import { LabPulumi, labPulumi, pulumiSync } from "../lab/stack-lab/pulumi-cli";
import { readLabState } from "../lab/stack-lab/state";
import { readPods } from "../lab/stack-lab/calico-agent";
import { calicoPodsFile } from "../lab/stack-lab/calico-tier";
import { SshEndpoint } from "../providers/switch/ssh/connect";
import { pingTargets } from "./checks";
import { Secrets, verifyFabric, VerifyReport } from "./run";

function secretsOf(cli: LabPulumi, prefix: "switch" | "node"): Secrets {
  const get = (key: string) => {
    const result = pulumiSync(cli, ["config", "get", `kube-fabric:${key}`, "--stack", cli.stack]);
    return result.status === 0 ? result.stdout.replace(/\n$/, "") : undefined;
  };
  const secrets: Secrets = { password: get(`${prefix}Password`), privateKey: get(`${prefix}PrivateKey`) };
  if (secrets.password === undefined && secrets.privateKey === undefined) {
    throw new Error(`stack ${cli.stack} has no ${prefix} credentials (kube-fabric:${prefix}Password or ${prefix}PrivateKey), or pulumi cannot decrypt them: set PULUMI_CONFIG_PASSPHRASE`);
  }
  return secrets;
}

export interface VerifyStackOptions {
  waitMs?: number;
  /** Only the pings (e.g. with a switch deliberately down). */
  pingsOnly?: boolean;
  /** Where KUBE_FABRIC_LAB_DIR is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export async function verifyStack(stack: string, progress: (line: string) => void, options: VerifyStackOptions = {}): Promise<VerifyReport> {
  const { waitMs, pingsOnly = false, env = process.env } = options;
  const paths = labPaths(undefined, stack, env);
  let { plan } = planOfStack(paths.stackFile);
  const lab = readLabState(paths.stateDir);
  // Not a lab: the user's own backend and passphrase (their environment), the built CLI if there is one.
  const cli: LabPulumi = lab
    ? labPulumi(paths.projectDir, paths.stateDir, stack)
    : { projectDir: paths.projectDir, stack, env: { PATH: [engineLocation(env).binDir, env.PATH ?? ""].join(delimiter) } };
  const switchSecrets = secretsOf(cli, "switch");
  let pingers: SshEndpoint[];
  let podAddresses = new Map<string, string[]>();
  if (lab) {
    const clientKey = readFileSync(join(lab.stateDir, "client_ed25519"), "utf8");
    pingers = lab.endpoints
      .filter((e) => e.kind === "host")
      .map((e) => ({ device: e.name, host: e.host, port: e.port, username: e.user, hostKey: e.hostKey, privateKey: clientKey }));
    const calicoPods = readPods(calicoPodsFile(lab.stateDir));
    if (calicoPods.length > 0) {
      // A Calico lab: the pods the calico agent made, in the blocks its IPAM claimed (on a cluster
      // taken over from Calico's defaults, not the plan's podBlock).
      podAddresses = new Map(plan.nodes.map((n) => [n.name, calicoPods.filter((p) => p.node === n.name).map((p) => p.address)]));
      const claimed = (node: string) => [...new Set(calicoPods.filter((p) => p.node === node).map((p) => p.block))];
      plan = {
        ...plan,
        nodes: plan.nodes.map((n) => {
          const blocks = claimed(n.name);
          return blocks.length > 0 ? { ...n, podBlock: blocks[0], podBlocks: blocks } : n;
        }),
      };
    } else {
      podAddresses = new Map(labLayout(plan).nodes.map((n) => [n.name, n.podAddresses]));
    }
  } else {
    const nodeSecrets = secretsOf(cli, "node");
    pingers = plan.nodes.map((n) => ({ device: n.name, host: n.ssh.host, port: n.ssh.port, username: n.ssh.username, hostKey: n.ssh.hostKey, ...nodeSecrets }));
  }
  return verifyFabric({ plan, switchSecrets, pingers, targets: pingTargets(plan, podAddresses), progress, waitMs, pingsOnly });
}
