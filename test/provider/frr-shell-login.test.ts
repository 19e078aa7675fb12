// FRR boxes whose SSH login lands in a POSIX shell (containerlab images, plain Linux routers): the FRR
// driver types `vtysh` there and works at the vtysh prompt. Prompt patterns first (pure), then real FRR
// behind real OpenSSH whose login is an interactive bash. If FRR or sshd cannot start, this fails.
import assert from "assert";
import { readFileSync, renameSync, writeFileSync } from "fs";
import { join } from "path";
import { FrrLab, FrrLabSpec, startFrrLab } from "../../lab/frr-lab";
import { LabSpecError } from "../../lab/errors";
import { validateLabSpec } from "../../lab/lab-spec";
import { frrPromptRules, VTYSH_FROM_SHELL } from "../../providers/dialects/frr/session";
import { dialectOf } from "../../providers/dialects/registry";
import { SwitchConfigOutputs, switchProvider } from "../../providers/switch/provider";
import { DeviceCommandError } from "../../providers/switch/ssh/errors";
import { contractPlan, ContractRouter, inputsFor } from "./contract";
import { frrContractRouter } from "./frr-contract-router";

type Props = Record<string, unknown>;

describe("FRR prompts: login shell versus vtysh", () => {
  it("recognises bash, sh and BusyBox prompts as a shell, with their hostname when they show one", () => {
    const rules = frrPromptRules(null);
    const shells: Array<[string, string]> = [
      ["root@r1:~# ", "r1"],
      ["r1:/# ", "r1"],
      ["user@r1:~$ ", "r1"],
      ["admin@leaf-1:/etc/frr$ ", "leaf-1"],
      ["r1$ ", "r1"],
      ["/ # ", ""],
      ["~ # ", ""],
      ["$ ", ""],
    ];
    for (const [line, hostname] of shells) {
      const match = rules.match(line);
      assert.strictEqual(match?.mode, "shell", `'${line}' is a shell prompt`);
      assert.strictEqual(match?.hostname, hostname, `hostname of '${line}'`);
    }
  });

  it("never takes a vtysh prompt for a shell, though both can end in '# '", () => {
    const rules = frrPromptRules(null);
    assert.strictEqual(rules.match("r1# ")?.mode, "privileged");
    assert.strictEqual(rules.match("r1> ")?.mode, "exec");
    assert.deepStrictEqual(rules.match("r1(config-router)# "), { text: "r1(config-router)#", mode: "config", hostname: "r1", context: "config-router" });
    assert.strictEqual(rules.match("r1(config-router-af)# ")?.mode, "config");
  });

  it("is strict about what is not a complete prompt", () => {
    const rules = frrPromptRules(null);
    for (const line of ["root@r1:~# vtysh", "Hello, this is FRRouting (version 8.4.4).", "r1 # ", "root@r1:~#", "#", "bash: vtysh: command not found"]) {
      assert.strictEqual(rules.match(line), null, `'${line}' is no prompt`);
    }
  });

  it("once the hostname is known, a shell prompt of another host (or of none) is rejected", () => {
    const rules = frrPromptRules("r1");
    assert.strictEqual(rules.match("root@r1:~# ")?.mode, "shell");
    assert.strictEqual(rules.match("root@r2:~# "), null);
    assert.strictEqual(rules.match("r2:/# "), null);
    assert.strictEqual(rules.match("user@r2:~$ "), null);
    assert.strictEqual(rules.match("/ # "), null);
    assert.strictEqual(rules.match("r2# "), null);
    assert.strictEqual(rules.match("r1# ")?.mode, "privileged");
  });
});

describe("lab: per-router login kind", () => {
  it("accepts vtysh and shell, and names the field and the fix for anything else", () => {
    validateLabSpec({ routers: [{ name: "r1", login: "shell" }, { name: "r2", login: "vtysh" }, { name: "r3" }] });
    const bad = { routers: [{ name: "r1" }, { name: "r2", login: "zsh" }] } as unknown as FrrLabSpec;
    assert.throws(
      () => validateLabSpec(bad),
      (e: unknown) => e instanceof LabSpecError && /routers\[1\]\.login/.test(e.message) && /"vtysh".*"shell"/.test(e.message),
    );
  });
});

describe("FRR over SSH when the login lands in bash (real FRR, real OpenSSH)", function () {
  this.timeout(120_000);
  let lab: FrrLab;
  let router: ContractRouter;
  let routers: [ContractRouter, ContractRouter];
  let baseline: string;
  let underlay: SwitchConfigOutputs | null = null;
  const vtyshHistory = () => join(lab.workDir, "r1", "frr", "vtysh.history");
  const readHistory = () => {
    try {
      return readFileSync(vtyshHistory(), "utf8");
    } catch {
      return "";
    }
  };

  before(async () => {
    lab = await startFrrLab({
      routers: [{ name: "r1", login: "shell" }, { name: "r2" }],
      links: [{ a: { router: "r1", interface: "Ethernet1" }, b: { router: "r2", interface: "Ethernet1" } }],
    });
    assert.strictEqual(lab.router("r1").login, "shell");
    routers = [frrContractRouter(lab.router("r1")), frrContractRouter(lab.router("r2"))];
    router = routers[0];
    baseline = await router.runningConfig();
  });
  after(async () => {
    await lab?.stop();
  });

  async function inOneSession<T>(operation: () => Promise<T>): Promise<T> {
    const before = await router.sshLogins();
    const result = await operation();
    assert.strictEqual((await router.sshLogins()) - before, 1, "exactly one SSH login for the operation");
    return result;
  }

  async function checkedUnderlay(): Promise<Props> {
    const ownedConfig = dialectOf("frr").renderUnderlay(contractPlan("frr", routers, 0));
    const result = await switchProvider.check({}, inputsFor("frr", router, "underlay", ownedConfig));
    assert.deepStrictEqual(result.failures ?? [], []);
    return result.inputs as Props;
  }

  it("creates the underlay through the shell's vtysh in one SSH session, keeping no vtysh history", async () => {
    const inputs = await checkedUnderlay();
    const created = await inOneSession(() => switchProvider.create(inputs));
    underlay = created.outs as SwitchConfigOutputs;
    assert.deepStrictEqual(underlay.drift, []);
    const running = await router.runningConfig();
    assert.ok(running.split("\n").some((line) => line.trim() === "ip address 10.11.99.0/31"), running);
    assert.ok(running.includes("description to r2"), running);
    // `vtysh` in this shell is the lab's wrapper with `-H <lab file>` (the lab's own `vtysh -c` calls land
    // there too); the driver's `-H /dev/null` overrides it, so nothing the driver typed is in it.
    const history = readHistory();
    assert.match(history, /show running-config/, "the lab file does collect vtysh history");
    assert.ok(!/terminal length 0|write memory|ip ospf area/.test(history), `the driver's session was kept in history: ${history}`);
  });

  it("reads back no drift", async () => {
    const state = underlay as SwitchConfigOutputs;
    const read = await inOneSession(() => switchProvider.read("r1/underlay", state as unknown as Props));
    assert.deepStrictEqual((read.props as SwitchConfigOutputs).drift, []);
  });

  it("delete restores the baseline exactly", async () => {
    assert.ok(underlay, "the underlay was created by the first test");
    await inOneSession(() => switchProvider.delete("r1/underlay", underlay as unknown as Props));
    assert.strictEqual(await router.runningConfig(), baseline);
  });

  it("a shell where vtysh does not start fails clearly, in one session, touching nothing", async () => {
    const wrapper = join(lab.workDir, "r1", "bin", "vtysh");
    renameSync(wrapper, `${wrapper}.real`);
    writeFileSync(wrapper, "#!/bin/sh\necho 'vtysh: cannot connect to zebra' >&2\nexit 1\n", { mode: 0o755 });
    try {
      const inputs = await checkedUnderlay();
      const error = await inOneSession(() => switchProvider.create(inputs).then(() => assert.fail("create succeeded without vtysh"), (e: unknown) => e));
      assert.ok(error instanceof DeviceCommandError, String(error));
      assert.strictEqual(error.command, VTYSH_FROM_SHELL);
      assert.match(error.message, /landed in a shell/);
      assert.match(error.message, /cannot connect to zebra/);
      assert.match(error.message, /nothing was changed/);
    } finally {
      renameSync(`${wrapper}.real`, wrapper);
    }
    assert.strictEqual(await router.runningConfig(), baseline);
  });
});
