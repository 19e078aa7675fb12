// Reads a deployed fabric the way the switch provider does (its SSH session code and the dialects'
// show parsers, so a real EOS/FRR lab works too) and pings from hosts over SSH. Every check is
// retried until it passes or the wait runs out; failing devices only are read again.

import { FabricPlan } from "../components/plan/plan-types";
import { dialectOf } from "../providers/dialects/registry";
import { connectSsh, SshEndpoint } from "../providers/switch/ssh/connect";
import { execCommand } from "../providers/switch/ssh/exec";
import { withDeviceSession } from "../providers/switch/ssh/driver";
import { checkBgp, checkEcmp, checkOspf, checkPodBlockRoute, CheckResult, pingReplies, PingTarget, remoteBlocks } from "./checks";

export interface Secrets {
  password?: string;
  privateKey?: string;
}

export interface VerifyOptions {
  plan: FabricPlan;
  switchSecrets: Secrets;
  /** Where pings start: SSH endpoints of hosts (the lab's client) or nodes, with their secrets. */
  pingers: readonly SshEndpoint[];
  targets: readonly PingTarget[];
  /** Give up on a check after this long (default 120 s). */
  waitMs?: number;
  intervalMs?: number;
  /** Only the pings (e.g. with a switch deliberately down). */
  pingsOnly?: boolean;
  progress?: (line: string) => void;
}

export interface VerifyReport {
  results: CheckResult[];
  ok: boolean;
  /** SSH sessions opened per device. */
  sessions: Record<string, number>;
  /** From start until every check passed (or the wait ran out). */
  elapsedMs: number;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readSwitch(plan: FabricPlan, name: string, secrets: Secrets): Promise<CheckResult[]> {
  const device = plan.devices.find((d) => d.name === name);
  if (!device) throw new Error(`internal: no switch ${name}`);
  const dialect = dialectOf(device.dialect);
  const endpoint = { device: name, host: device.mgmt.host, port: device.mgmt.port, username: device.mgmt.username, hostKey: device.mgmt.hostKey, ...secrets };
  return withDeviceSession(endpoint, dialect.driver, {}, async (session) => {
    const parse = dialect.showParsers;
    const results = checkOspf(plan, name, parse.ospfNeighbors.text(await session.show("show ip ospf neighbor")));
    if (device.role === "leaf" && plan.nodes.some((n) => n.leaf === name)) {
      results.push(...checkBgp(plan, name, parse.bgpSummary.text(await session.show("show ip bgp summary"))));
      for (const node of plan.nodes.filter((n) => n.leaf === name)) {
        // Each block the node announces: its planned one, or on a cluster taken over from Calico's defaults its allocated ones.
        for (const block of node.podBlocks) {
          const command = `show ip route ${block}`;
          results.push(checkPodBlockRoute(plan, name, node.name, parse.ipRoute.text(await session.show(command), command), block));
        }
      }
    }
    if (device.role === "leaf") {
      for (const { node, block } of remoteBlocks(plan, name)) {
        const command = `show ip route ${block}`;
        results.push(checkEcmp(plan, name, node, block, parse.ipRoute.text(await session.show(command), command)));
      }
    }
    return results;
  });
}

async function pingFrom(pinger: SshEndpoint, targets: readonly PingTarget[]): Promise<CheckResult[]> {
  const client = await connectSsh(pinger);
  client.on("error", () => undefined);
  try {
    const unsafe = targets.find((t) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(t.address));
    if (unsafe) throw new Error(`ping target ${JSON.stringify(unsafe.address)} is not an IPv4 address`);
    // One exec for all targets (a login costs more than the pings), each answer (ping's stderr with it) after its marker line.
    const script = targets.map((t) => `echo '@@ ${t.address}'; ping -n -c 3 -i 0.2 -W 1 ${t.address} 2>&1`).join("; ");
    const output = (await execCommand(client, script)).stdout;
    const answers = new Map(output.split(/^@@ /m).slice(1).map((chunk) => [chunk.slice(0, chunk.indexOf("\n")).trim(), chunk]));
    return targets.map((target) => {
      const { sent, received } = pingReplies(answers.get(target.address) ?? "");
      return { check: "ping", device: pinger.device, subject: `${target.name} ${target.address}`, ok: sent > 0 && received === sent, detail: `${received}/${sent} replies` };
    });
  } finally {
    client.end();
  }
}

function failure(check: CheckResult["check"], device: string, error: unknown): CheckResult {
  return { check, device, subject: "(device)", ok: false, detail: error instanceof Error ? error.message.split("\n")[0] : String(error) };
}

export async function verifyFabric(options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const deadline = started + (options.waitMs ?? 120_000);
  const sessions: Record<string, number> = {};
  const latest = new Map<string, CheckResult[]>();
  const switchKeys = options.pingsOnly ? [] : options.plan.devices.map((d) => `switch:${d.name}`);
  const order = [...switchKeys, ...options.pingers.map((p) => `ping:${p.device}`)];
  const pending = new Set<string>(order);
  for (let round = 1; ; round++) {
    await Promise.all(
      [...pending].map(async (key) => {
        const [kind, name] = key.split(/:(.*)/s);
        sessions[name] = (sessions[name] ?? 0) + 1;
        let results: CheckResult[];
        if (kind === "switch") {
          results = await readSwitch(options.plan, name, options.switchSecrets).catch((error: unknown) => [failure("ospf", name, error)]);
        } else {
          const pinger = options.pingers.find((p) => p.device === name) as SshEndpoint;
          results = await pingFrom(pinger, options.targets).catch((error: unknown) => [failure("ping", name, error)]);
        }
        latest.set(key, results);
        if (results.every((r) => r.ok)) pending.delete(key);
      }),
    );
    const failing = [...latest.values()].flat().filter((r) => !r.ok).length;
    options.progress?.(`verify round ${round}: ${failing === 0 ? "every check passes" : `${failing} checks failing on ${[...pending].map((k) => k.split(":")[1]).join(", ")}`}`);
    if (pending.size === 0 || Date.now() + (options.intervalMs ?? 3000) > deadline) break;
    await delay(options.intervalMs ?? 3000);
  }
  const results = order.flatMap((key) => latest.get(key) ?? []);
  return { results, ok: results.length > 0 && results.every((r) => r.ok), sessions, elapsedMs: Date.now() - started };
}
