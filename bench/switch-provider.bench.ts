// The switch provider on 16 real FRR routers in parallel (a ring, two /31s and OSPF each): time per
// operation (create, read, update, delete) and SSH sessions per device per operation (target: 1).
// Run (root): npm run bench:switch   or   npx ts-node bench/switch-provider.bench.ts [rounds]

import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import type { DevicePlan, InterfaceIntent } from "../model/device-plan";
import { FrrLab, LabLinkSpec, LabRouter, startFrrLab } from "../lab/frr-lab";
import { renderFrrUnderlay } from "../providers/dialects/frr/render";
import { switchProvider, SwitchConfigOutputs } from "../providers/switch/provider";
import { configText } from "../providers/switch/config-tree/config-text";
import { labLoginPath, machineConditions } from "./conditions";

const ROUTERS = 16;
type Props = Record<string, unknown>;

/** router i: Ethernet1 → router i+1's Ethernet2, 10.200.i.0/31 ↔ .1 */
function ring(): { routers: { name: string }[]; links: LabLinkSpec[] } {
  const names = Array.from({ length: ROUTERS }, (_, i) => `r${i + 1}`);
  const links = names.map((name, i) => ({
    a: { router: name, interface: "Ethernet1" },
    b: { router: names[(i + 1) % ROUTERS], interface: "Ethernet2" },
  }));
  return { routers: names.map((name) => ({ name })), links };
}

function interfaceIntent(name: string, address: string, description: string): InterfaceIntent {
  return { name, address, description, routed: true, ospf: { area: "0", passive: false, pointToPoint: true } };
}

function planFor(index: number, description: string): DevicePlan {
  const previous = (index + ROUTERS - 1) % ROUTERS;
  const routerId = `10.255.0.${index + 1}`;
  return {
    name: `r${index + 1}`,
    role: "leaf",
    dialect: "frr",
    id: index + 1,
    mgmt: { host: "127.0.0.1", port: 22, username: "root", hostKey: "" },
    routerId,
    loopback: null,
    asn: null,
    underlay: {
      interfaces: [
        interfaceIntent("Ethernet1", `10.200.${index}.0/31`, `${description} r${((index + 1) % ROUTERS) + 1}`),
        interfaceIntent("Ethernet2", `10.200.${previous}.1/31`, `${description} r${previous + 1}`),
      ],
      ospf: { processId: 1, routerId, redistribute: [] },
      staticRoutes: [],
    },
    nodePeering: null,
  };
}

function logins(lab: FrrLab, router: LabRouter): number {
  const dir = join(lab.workDir, router.name, "sshd");
  if (!existsSync(dir)) throw new Error(`no sshd logs for ${router.name} in ${dir}`);
  return readdirSync(dir)
    .filter((file) => /^sshd-\d+\.log$/.test(file))
    .map((file) => (readFileSync(join(dir, file), "utf8").match(/Accepted publickey for /g) ?? []).length)
    .reduce((a, b) => a + b, 0);
}

async function settledLogins(lab: FrrLab): Promise<number[]> {
  let last = lab.routers.map((r) => logins(lab, r));
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = lab.routers.map((r) => logins(lab, r));
    if (i >= 2 && now.every((n, j) => n === last[j])) return now;
    last = now;
  }
  return last;
}

interface OperationResult {
  name: string;
  wallMs: number;
  perDeviceMs: number[];
  sessions: number[];
}

async function measure(lab: FrrLab, name: string, each: (index: number) => Promise<void>): Promise<OperationResult> {
  const before = await settledLogins(lab);
  const perDeviceMs: number[] = [];
  const start = process.hrtime.bigint();
  await Promise.all(
    lab.routers.map(async (_router, index) => {
      const began = process.hrtime.bigint();
      await each(index);
      perDeviceMs[index] = Number(process.hrtime.bigint() - began) / 1e6;
    }),
  );
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const after = await settledLogins(lab);
  return { name, wallMs, perDeviceMs, sessions: after.map((n, i) => n - before[i]) };
}

function report(result: OperationResult): boolean {
  const sorted = [...result.perDeviceMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const sessions = [...new Set(result.sessions)].sort();
  const ok = sessions.length === 1 && sessions[0] === 1;
  console.log(
    `  ${result.name.padEnd(7)} all ${ROUTERS} in ${result.wallMs.toFixed(0).padStart(5)} ms;` +
      ` per device min ${sorted[0].toFixed(0)} / median ${median.toFixed(0)} / max ${sorted[sorted.length - 1].toFixed(0)} ms;` +
      ` SSH sessions per device: ${sessions.join(",")}${ok ? "" : "  (TARGET 1 MISSED)"}`,
  );
  return ok;
}

async function round(lab: FrrLab, number: number): Promise<boolean> {
  const inputs = lab.routers.map((router, index) => ({
    device: router.name,
    dialect: "frr",
    phase: "underlay",
    connection: { host: router.ssh.host, port: router.ssh.port, username: router.ssh.user, hostKey: router.ssh.hostKey },
    credentials: { privateKey: router.ssh.privateKey },
    config: configText("frr", renderFrrUnderlay(planFor(index, "to"))),
    options: {},
  }));
  const checked = await Promise.all(inputs.map(async (news) => (await switchProvider.check({}, news)).inputs as Props));
  const baselines = await Promise.all(lab.routers.map((router) => router.vtysh("show running-config")));
  const states: SwitchConfigOutputs[] = [];

  console.log(`round ${number}:`);
  let ok = true;
  ok = report(await measure(lab, "create", async (i) => void (states[i] = (await switchProvider.create(checked[i])).outs as SwitchConfigOutputs))) && ok;
  ok = report(await measure(lab, "read", async (i) => void (await switchProvider.read(`r${i + 1}/underlay`, states[i] as unknown as Props)))) && ok;
  const updated = await Promise.all(
    lab.routers.map(async (_r, i) => (await switchProvider.check({}, { ...inputs[i], config: configText("frr", renderFrrUnderlay(planFor(i, "link to"))) })).inputs as Props),
  );
  ok =
    report(
      await measure(lab, "update", async (i) => void (states[i] = (await switchProvider.update(`r${i + 1}/underlay`, states[i] as unknown as Props, updated[i])).outs as SwitchConfigOutputs)),
    ) && ok;
  ok = report(await measure(lab, "delete", async (i) => switchProvider.delete(`r${i + 1}/underlay`, states[i] as unknown as Props))) && ok;
  const after = await Promise.all(lab.routers.map((router) => router.vtysh("show running-config")));
  const restored = after.every((text, i) => text === baselines[i]);
  console.log(`  delete restored every baseline exactly: ${restored ? "yes" : "NO"}`);
  return ok && restored;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const conditions = machineConditions();
  const startedAt = Date.now();
  const lab = await startFrrLab(ring());
  console.log(`switch provider on ${ROUTERS} FRR routers (ring, 2 links each), lab up in ${Date.now() - startedAt} ms`);
  console.log(`  ${conditions}`);
  console.log(`  ${labLoginPath(lab.routers[0].ssh.user)}`);
  let ok = true;
  try {
    for (let r = 1; r <= rounds; r++) ok = (await round(lab, r)) && ok;
  } finally {
    await lab.stop();
  }
  if (!ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
