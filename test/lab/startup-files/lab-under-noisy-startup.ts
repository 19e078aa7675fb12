// Runs by lab-logins.test.ts inside a private mount namespace whose start-up files are slow and noisy:
// starts the FRR lab (one router logging into vtysh, one into a shell), logs in over exec and shell
// channels, runs the switch provider's create/read/delete on both, runs node steps on a disposable
// node, and prints one JSON report (LabUnderNoisyStartupReport) on its last stdout line. It asserts
// nothing itself: the test does, so a failure names what a noisy start-up broke.
// Run: node -r ts-node/register lab-under-noisy-startup.ts <node rootfs tarball>

import { Client, ClientChannel } from "ssh2";
import { startFrrLab, FrrLab, LabRouter } from "../../../lab/frr-lab";
import { renderHostname, hostsEntries } from "../../../components/nodes/hostname";
import { renderOsCheck } from "../../../components/nodes/os-check";
import { rootStdin, runAsRoot } from "../../../components/nodes/run-as-root";
import type { StepScript } from "../../../components/nodes/script";
import { dialectOf } from "../../../providers/dialects/registry";
import { SwitchConfigOutputs, switchProvider } from "../../../providers/switch/provider";
import { contractPlan, inputsFor } from "../../provider/contract";
import { frrContractRouter } from "../../provider/frr-contract-router";
import { NodeLab } from "../../nodes/lab/node-lab";
import { seedPlan, controlPlaneOf } from "../../unit/nodes/seed-scripts";

export interface ExecObservation {
  router: string;
  login: string;
  command: string;
  code: number | null;
  stdout: string;
  /** The same command through `vtysh -c` directly, no SSH. */
  expected: string;
}

export interface ProviderObservation {
  router: string;
  operation: "create" | "read" | "delete";
  /** SSH logins the router's sshd accepted during the operation. */
  logins: number;
  drift: string[];
  error: string | null;
}

export interface NodeStepObservation {
  step: string;
  run: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface LabUnderNoisyStartupReport {
  loginUser: string;
  exec: ExecObservation[];
  /** Everything a pty shell channel showed up to and including the first prompt. */
  greetings: Array<{ router: string; text: string }>;
  provider: ProviderObservation[];
  baselinesRestored: boolean;
  nodeSteps: NodeStepObservation[];
  /** Sections that threw, with their message. */
  errors: string[];
}

type Props = Record<string, unknown>;

function connect(router: LabRouter): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const expected = Buffer.from(router.ssh.hostKey.split(" ")[1], "base64");
    client
      .on("ready", () => resolve(client))
      .on("error", reject)
      .connect({
        host: router.ssh.host,
        port: router.ssh.port,
        username: router.ssh.user,
        privateKey: router.ssh.privateKey,
        hostVerifier: (key: Buffer) => key.equals(expected),
        readyTimeout: 60_000,
      });
  });
}

async function execOverSsh(router: LabRouter, command: string): Promise<{ code: number | null; stdout: string }> {
  const client = await connect(router);
  try {
    return await new Promise((resolve, reject) => {
      client.exec(command, (error, stream) => {
        if (error) return reject(error);
        let stdout = "";
        stream.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
        stream.stderr.resume();
        stream.on("close", (code: number | null) => resolve({ code, stdout }));
      });
    });
  } finally {
    client.end();
  }
}

/** Opens a pty shell and returns what it printed up to the first prompt matching `prompt`. */
async function greeting(router: LabRouter, prompt: RegExp): Promise<string> {
  const client = await connect(router);
  try {
    return await new Promise((resolve, reject) => {
      client.shell({ term: "vt100", cols: 200, rows: 50 }, (error, channel: ClientChannel) => {
        if (error) return reject(error);
        let text = "";
        const timer = setTimeout(() => reject(new Error(`${router.name}: no prompt within 60 s; got ${JSON.stringify(text)}`)), 60_000);
        channel.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
          if (prompt.test(text)) {
            clearTimeout(timer);
            channel.close();
            resolve(text);
          }
        });
      });
    });
  } finally {
    client.end();
  }
}

async function providerRoundTrip(lab: FrrLab, report: LabUnderNoisyStartupReport): Promise<void> {
  const routers = [frrContractRouter(lab.router("r1")), frrContractRouter(lab.router("r2"))] as const;
  const baselines = await Promise.all(routers.map((router) => router.runningConfig()));
  for (const [index, router] of routers.entries()) {
    const ownedConfig = dialectOf("frr").renderUnderlay(contractPlan("frr", routers, index as 0 | 1));
    const checked = await switchProvider.check({}, inputsFor("frr", router, "underlay", ownedConfig));
    if ((checked.failures ?? []).length > 0) throw new Error(`check refused the inputs: ${JSON.stringify(checked.failures)}`);
    let state: SwitchConfigOutputs | null = null;
    const operations: Array<[ProviderObservation["operation"], () => Promise<string[]>]> = [
      ["create", async () => (state = (await switchProvider.create(checked.inputs as Props)).outs as SwitchConfigOutputs).drift],
      ["read", async () => ((await switchProvider.read(`${router.name}/underlay`, state as unknown as Props)).props as SwitchConfigOutputs).drift],
      ["delete", async () => (await switchProvider.delete(`${router.name}/underlay`, state as unknown as Props), [])],
    ];
    for (const [operation, run] of operations) {
      const before = await router.sshLogins();
      let drift: string[] = [];
      let error: string | null = null;
      try {
        drift = await run();
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
      }
      report.provider.push({ router: router.name, operation, logins: (await router.sshLogins()) - before, drift, error });
      if (error !== null) break;
    }
  }
  const after = await Promise.all(routers.map((router) => router.runningConfig()));
  report.baselinesRestored = after.every((text, index) => text === baselines[index]);
}

async function nodeSteps(tarball: string, report: LabUnderNoisyStartupReport): Promise<void> {
  const plan = seedPlan();
  const nodePlan = controlPlaneOf(plan);
  const lab = new NodeLab(tarball);
  try {
    await lab.start([{ name: nodePlan.name, nic: nodePlan.nic, login: "root-key" }]);
    const [node] = lab.nodes;
    const steps: StepScript[] = [
      renderOsCheck(),
      renderHostname(nodePlan.name, hostsEntries(plan.nodes)),
    ];
    for (const step of steps) {
      for (const run of [1, 2]) {
        const result = await lab.exec(node, runAsRoot(step), rootStdin(node.password, undefined));
        report.nodeSteps.push({ step: step.step, run, code: result.code, stdout: result.stdout, stderr: result.stderr });
      }
    }
  } finally {
    await lab.stop();
  }
}

async function main(): Promise<void> {
  const tarball = process.argv[2];
  if (!tarball) throw new Error("usage: lab-under-noisy-startup.ts <node rootfs tarball>");
  // A bound on the whole run, which also keeps Node's event loop alive while a stop waits for an
  // unref'd daemon's exit (lab/processes.ts does not hold the loop for it; without this, Node could
  // end the run there with exit code 0 and no report).
  const watchdog = setTimeout(() => {
    console.error("lab-under-noisy-startup: no report within 10 minutes");
    process.exit(2);
  }, 600_000);
  const report: LabUnderNoisyStartupReport = { loginUser: "", exec: [], greetings: [], provider: [], baselinesRestored: false, nodeSteps: [], errors: [] };
  const section = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      report.errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const lab = await startFrrLab({
    routers: [{ name: "r1" }, { name: "r2", login: "shell" }],
    links: [{ a: { router: "r1", interface: "Ethernet1" }, b: { router: "r2", interface: "Ethernet1" } }],
  });
  try {
    report.loginUser = lab.router("r1").ssh.user;
    await section("exec channel", async () => {
      for (const [router, command] of [[lab.router("r1"), "show running-config"], [lab.router("r2"), "vtysh -c 'show running-config'"]] as const) {
        const { code, stdout } = await execOverSsh(router, command);
        report.exec.push({ router: router.name, login: router.login, command, code, stdout, expected: await router.vtysh("show running-config") });
      }
    });
    await section("shell channel", async () => {
      report.greetings.push({ router: "r1", text: await greeting(lab.router("r1"), /r1# $/) });
      report.greetings.push({ router: "r2", text: await greeting(lab.router("r2"), /root@r2:~# $/) });
    });
    await section("switch provider", () => providerRoundTrip(lab, report));
  } finally {
    await lab.stop();
  }
  await section("node steps", () => nodeSteps(tarball, report));
  clearTimeout(watchdog);
  process.stdout.write(`\n${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
