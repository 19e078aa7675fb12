// Real devices print things before their CLI's first prompt: a motd, banners, the output of the login
// account's start-up files, sometimes lines that look like a prompt or a `%` error, written slowly enough
// that a piece can end mid-line. The EOS and FRR drivers must find the device's own first prompt anyway
// (CliShell synchronises on a typed comment line) and then work as usual. EOS: the double with a banner
// written piece by piece; FRR: real FRR behind real OpenSSH whose login script prints such a greeting.
import assert from "assert";
import { FrrLab, startFrrLab } from "../../lab/frr-lab";
import { dialectOf } from "../../providers/dialects/registry";
import type { DialectName } from "../../model/device-plan";
import { SwitchConfigOutputs, switchProvider } from "../../providers/switch/provider";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";
import { contractPlan, ContractRouter, inputsFor } from "./contract";
import { frrContractRouter } from "./frr-contract-router";

type Props = Record<string, unknown>;

/** Pieces of a greeting for `host`: each ends where a slow writer would pause, several mid-line. */
function greetingFor(host: string): string[] {
  return [
    "Last login: Thu Jan  1 00:00:00 2025 from 10.0.0.9\r\n*** Authorized use only ***\r\n",
    `${host}# `,
    `\r\n% Unknown command: motd\r\n${host}(config)# `,
    `\r\n${host}> `,
    "\r\nroot@other:~# ",
    `\r\nadmin@${host}:~$ `,
    "\r\n% Invalid input (at token 0: 'welcome')\r\n",
  ];
}

/** create, read back, delete, each in one SSH login, ending with the running config as it was. */
async function roundTrip(dialect: DialectName, routers: readonly [ContractRouter, ContractRouter], index: 0 | 1): Promise<void> {
  const router = routers[index];
  const baseline = await router.runningConfig();
  const ownedConfig = dialectOf(dialect).renderUnderlay(contractPlan(dialect, routers, index));
  const checked = await switchProvider.check({}, inputsFor(dialect, router, "underlay", ownedConfig));
  assert.deepStrictEqual(checked.failures ?? [], []);
  const oneLogin = async <T>(what: string, operation: () => Promise<T>): Promise<T> => {
    const before = await router.sshLogins();
    const result = await operation();
    assert.strictEqual((await router.sshLogins()) - before, 1, `${router.name} ${what}: one SSH login`);
    return result;
  };
  const created = (await oneLogin("create", () => switchProvider.create(checked.inputs as Props))).outs as SwitchConfigOutputs;
  assert.deepStrictEqual(created.drift, []);
  assert.ok((await router.runningConfig()).includes(`description to ${routers[1 - index].name}`));
  const read = (await oneLogin("read", () => switchProvider.read(`${router.name}/underlay`, created as unknown as Props))).props as SwitchConfigOutputs;
  assert.deepStrictEqual(read.drift, []);
  await oneLogin("delete", () => switchProvider.delete(`${router.name}/underlay`, created as unknown as Props));
  assert.strictEqual(await router.runningConfig(), baseline);
}

describe("EOS driver: a login banner written slowly, with prompt-like and % lines (EOS double)", function () {
  this.timeout(60_000);
  const password = "Eos-Login-Pw-42";
  const doubles: EosDoubleHandle[] = [];

  const contractRouter = (double: EosDoubleHandle, name: string): ContractRouter => ({
    name,
    connection: { host: double.host, port: double.port, username: "admin", hostKey: double.hostPublicKey },
    credentials: { password },
    linkInterface: "Ethernet1",
    runningConfig: async () => double.runningConfig(),
    configureByHand: async () => assert.fail("not used here"),
    sshLogins: async () => double.stats().authenticated,
    sshConnections: async () => double.stats().connections,
  });

  before(async () => {
    for (const name of ["Leaf-1", "Leaf-2"]) {
      doubles.push(await startEosDouble({ hostname: name, users: [{ username: "admin", password }], loginBanner: greetingFor(name) }));
    }
  });
  after(async () => {
    await Promise.all(doubles.map((double) => double.stop()));
  });

  it("creates, reads back and deletes the underlay, one login each, and types nothing before the prompt", async () => {
    const routers = [contractRouter(doubles[0], "Leaf-1"), contractRouter(doubles[1], "Leaf-2")] as const;
    await roundTrip("eos", routers, 0);
    // Each session starts with the synchronisation comment, then the driver's own commands.
    const typed = doubles[0].transcript().map((entry) => entry.line);
    assert.match(typed[0], /^! kube-fabric-sync-[0-9a-f]{12}$/, typed.join("\n"));
    assert.strictEqual(typed.filter((line) => /^! kube-fabric-sync-/.test(line)).length, 3, "one synchronisation per session");
  });
});

describe("FRR driver: a login that prints a greeting before vtysh or the shell (real FRR, real OpenSSH)", function () {
  this.timeout(180_000);
  let lab: FrrLab;

  before(async () => {
    lab = await startFrrLab({
      routers: [
        { name: "r1", loginGreeting: greetingFor("r1") },
        { name: "r2", login: "shell", loginGreeting: [...greetingFor("r2"), "root@r2:~# ", "\r\n"] },
      ],
      links: [{ a: { router: "r1", interface: "Ethernet1" }, b: { router: "r2", interface: "Ethernet1" } }],
    });
  });
  after(async () => {
    await lab?.stop();
  });

  it("vtysh login: create, read back and delete, one login each", async () => {
    await roundTrip("frr", [frrContractRouter(lab.router("r1")), frrContractRouter(lab.router("r2"))], 0);
  });

  it("shell login (the greeting even shows this router's own shell prompt): create, read back and delete, one login each", async () => {
    await roundTrip("frr", [frrContractRouter(lab.router("r1")), frrContractRouter(lab.router("r2"))], 1);
  });
});
