// The fault sweep: "a failure leaves the switch as it was", at every command of a create, an update and a
// delete, on both dialects (the EOS double; real FRR behind real OpenSSH). At each command index it injects:
//   cut    the command reaches the switch and runs, then the connection drops (its answer is lost);
//   stall  the command reaches the switch and runs, then the session stops answering (command timeout);
//   refuse the switch refuses the command (a line it cannot parse is typed in its place).
// After each fault the switch's running config must be exactly the one before the operation or exactly the one
// after it, byte for byte (owned lines and everything else); the next run of the operation (what the next
// `pulumi up` or `destroy` runs: a failed create leaves no state, a failed update or delete keeps the old one)
// must end on exactly the config the operation wants, with no config session pending and no line typed twice.
// Ends with `fault sweep: <cases> cases, <whole> whole, <between> between` (between must be 0).
// Run alone: `npm run test:faults`.
import assert from "assert";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";
import { FrrLab, startFrrLab } from "../../lab/frr-lab";
import { ForwarderFault, TcpForwarder, startTcpForwarder } from "../support/tcp-forwarder";
import type { OwnedConfig } from "../../providers/dialects/types";
import type { DialectName } from "../../model/device-plan";
import { configPropertyOf, setProviderHooks, switchProvider, SwitchCredentials } from "../../providers/switch/provider";
import type { TranscriptEntry } from "../../providers/switch/ssh/shell";
import { checked } from "../provider/contract";

type Props = Record<string, unknown>;
type Operation = "create" | "update" | "delete";
type Fault = ForwarderFault | "refuse";

const OPERATIONS: readonly Operation[] = ["create", "update", "delete"];
const FAULTS: readonly Fault[] = ["cut", "stall", "refuse"];
/** The faulted run's command timeout: a stall costs this much; converging runs keep the default. */
const STALL_TIMEOUT_SECONDS = 2;
/** Typed before a command to have the switch refuse it (no CLI has this keyword; a suffix could be free text). */
const REFUSED_PREFIX = "kf-fault-sweep-refuses ";
/** Switches per dialect, each working through its share of the cases. */
const DEVICES_PER_DIALECT = 3;

/** One switch of the sweep: where the provider reaches it (through a forwarder that can fail), how to read it. */
interface SweepDevice {
  name: string;
  dialect: DialectName;
  connection: { host: string; port: number; username: string; hostKey: string };
  credentials: SwitchCredentials;
  forwarder: TcpForwarder;
  /** `show running-config`, out of band. */
  running(): Promise<string>;
  /** Config sessions left open on the switch (EOS: pending or under a commit timer; FRR has none). */
  openSessions(): Promise<string[]>;
}

interface SweepTarget {
  dialect: DialectName;
  devices: SweepDevice[];
  stop(): Promise<void>;
}

/** What the sweep's resource owns before (A) and after an update (B): a port's lines and a static route. */
function ownedLines(dialect: DialectName, variant: "a" | "b"): OwnedConfig {
  const port = [
    { text: `description fault-sweep-${variant}`, children: [] },
    ...(dialect === "eos" ? [{ text: "no switchport", children: [] }] : []),
    { text: "ip address 10.77.0.0/31", children: [] },
  ];
  return [
    { text: "interface Ethernet1", children: port },
    { text: `ip route 10.78.${variant === "a" ? 1 : 2}.0/24 10.77.0.1`, children: [] },
  ];
}

function inputsFor(device: SweepDevice, variant: "a" | "b", options: Props = {}): Props {
  return {
    device: device.name,
    dialect: device.dialect,
    phase: "fault-sweep",
    connection: { ...device.connection },
    credentials: { ...device.credentials },
    config: configPropertyOf(device.dialect, ownedLines(device.dialect, variant)),
    // As a stack runs them: EOS commits under the plan's default commit timer.
    options: { ...(device.dialect === "eos" ? { commitConfirmSeconds: 300 } : {}), ...options },
  };
}

// ------------------------------------------------------------------------------------- per-device hooks
// The provider's hooks are per process: one set, dispatching to the device each transcript entry names.

const transcriptListeners = new Map<string, (entry: TranscriptEntry) => void>();
const commandAlterers = new Map<string, (command: string) => string>();
setProviderHooks({
  onTranscript: (entry) => transcriptListeners.get(entry.device)?.(entry),
  alterCommand: (command, device) => commandAlterers.get(device)?.(command) ?? command,
});

/** Runs `work` with every command the provider sends `device` recorded, in order. */
async function recorded<T>(device: SweepDevice, work: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  const commands: string[] = [];
  transcriptListeners.set(device.name, (entry) => commands.push(entry.command));
  try {
    return { result: await work(), commands };
  } finally {
    transcriptListeners.delete(device.name);
  }
}

// ------------------------------------------------------------------------------------------- operations

/** The states a device passes through, read once per device: before (base), after create A, after update to B. */
interface Waypoints {
  base: string;
  a: string;
  b: string;
}

/** Runs `operation` from its starting point on the device and returns what it needs to run again. */
interface Prepared {
  old: string;
  expected: string;
  /** Runs the operation (faulted or not) with these options. */
  run(options: Props): Promise<Props | null>;
  /** The next run after a failure of `run`; returns the state the resource is left in (null: gone). */
  again(): Promise<Props | null>;
}

async function prepare(device: SweepDevice, operation: Operation, waypoints: Waypoints): Promise<Prepared> {
  const create = async (variant: "a" | "b", options: Props = {}) => (await switchProvider.create(await checked(inputsFor(device, variant, options)))).outs as unknown as Props;
  if (operation === "create") {
    return { old: waypoints.base, expected: waypoints.a, run: (options) => create("a", options), again: () => create("a") };
  }
  const stateA = await create("a");
  const update = async (options: Props = {}) =>
    (await switchProvider.update(`${device.name}/fault-sweep`, stateA, await checked(inputsFor(device, "b", options)))).outs as unknown as Props;
  if (operation === "update") return { old: waypoints.a, expected: waypoints.b, run: update, again: () => update() };
  const remove = async (options: Props = {}) => {
    await switchProvider.delete(`${device.name}/fault-sweep`, { ...stateA, options });
    return null;
  };
  return { old: waypoints.a, expected: waypoints.base, run: remove, again: () => remove() };
}

/** Takes whatever the resource left on the device away again; the device must be at its base. */
async function reset(device: SweepDevice, state: Props | null, waypoints: Waypoints): Promise<void> {
  if (state) await switchProvider.delete(`${device.name}/fault-sweep`, state);
  const now = await device.running();
  assert.strictEqual(now, waypoints.base, `${device.name} is back at its base config`);
}

async function readWaypoints(device: SweepDevice): Promise<{ waypoints: Waypoints; commands: Record<Operation, string[]> }> {
  const base = await device.running();
  const created = await recorded(device, async () => switchProvider.create(await checked(inputsFor(device, "a"))));
  const a = await device.running();
  const stateA = created.result.outs as unknown as Props;
  const updated = await recorded(device, async () => switchProvider.update(`${device.name}/fault-sweep`, stateA, await checked(inputsFor(device, "b"))));
  const b = await device.running();
  await switchProvider.delete(`${device.name}/fault-sweep`, updated.result.outs as unknown as Props);
  assert.strictEqual(await device.running(), base, `${device.name}: create, update and delete bring it back to its base`);
  const again = (await switchProvider.create(await checked(inputsFor(device, "a")))).outs as unknown as Props;
  const deleted = await recorded(device, () => switchProvider.delete(`${device.name}/fault-sweep`, again));
  assert.strictEqual(await device.running(), base);
  assert.ok(a !== base && b !== a, `${device.name}: each operation changes the config`);
  return { waypoints: { base, a, b }, commands: { create: created.commands, update: updated.commands, delete: deleted.commands } };
}

// ------------------------------------------------------------------------------------------------ cases

interface SweepCase {
  operation: Operation;
  index: number;
  /** The command at that index in an undisturbed run. */
  command: string;
  fault: Fault;
}

interface CaseResult {
  sweepCase: SweepCase;
  device: string;
  /** Where the faulted run left the switch. */
  state: "old" | "new" | "between";
  faultedRunFailed: boolean;
  /** Open config sessions right after the faulted run (the next run removes them). */
  sessionsAfterFault: number;
  problems: string[];
  /** Seconds the faulted run took, and the whole case (set-up, fault, next run, reset). */
  faultedSeconds: number;
  caseSeconds: number;
}

/** The owned lines that set something (not the contexts they sit in): none may be typed twice by one run. */
function settingLines(dialect: DialectName): Set<string> {
  const lines = new Set<string>();
  const walk = (config: OwnedConfig) => {
    for (const line of config) {
      if (line.children.length > 0) walk(line.children);
      else lines.add(line.text);
    }
  };
  walk(ownedLines(dialect, "a"));
  walk(ownedLines(dialect, "b"));
  return lines;
}

async function runCase(device: SweepDevice, sweepCase: SweepCase, waypoints: Waypoints): Promise<CaseResult> {
  const caseStarted = Date.now();
  const prepared = await prepare(device, sweepCase.operation, waypoints);
  const problems: string[] = [];
  // Arm the fault once `index` commands have been answered: it hits the command at `index`.
  let answered = 0;
  let refuseNext = false;
  transcriptListeners.set(device.name, () => {
    answered += 1;
    if (answered !== sweepCase.index) return;
    if (sweepCase.fault === "refuse") refuseNext = true;
    else device.forwarder.faultAfterNextSend(sweepCase.fault);
  });
  commandAlterers.set(device.name, (command) => {
    if (!refuseNext) return command;
    refuseNext = false;
    return REFUSED_PREFIX + command;
  });
  let faultedRunFailed = false;
  let state: Props | null = null;
  const faultStarted = Date.now();
  try {
    state = await prepared.run({ commandTimeoutSeconds: STALL_TIMEOUT_SECONDS, connectAttempts: 1 });
  } catch {
    faultedRunFailed = true;
  } finally {
    transcriptListeners.delete(device.name);
    commandAlterers.delete(device.name);
  }
  const faultedSeconds = (Date.now() - faultStarted) / 1000;
  const after = await device.running();
  const where = after === prepared.old ? "old" : after === prepared.expected ? "new" : "between";
  const sessionsAfterFault = (await device.openSessions()).length;

  // The next run: a failed create left no state, a failed update or delete kept the old one.
  if (faultedRunFailed) {
    const next = await recorded(device, () => prepared.again());
    state = next.result;
    const counts = new Map<string, number>();
    const settings = settingLines(device.dialect);
    for (const command of next.commands.filter((c) => settings.has(c))) counts.set(command, (counts.get(command) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([command]) => command);
    if (twice.length > 0) problems.push(`the next run typed these more than once: ${twice.join(" | ")}`);
  } else if (where !== "new") {
    problems.push("the run reported success but the switch does not run its change");
  }
  if ((await device.running()) !== prepared.expected) problems.push("the next run did not end on the operation's config");
  const open = await device.openSessions();
  if (open.length > 0) problems.push(`config sessions left open: ${open.join(", ")}`);
  try {
    await reset(device, state, waypoints);
  } catch (error) {
    throw new Error(`after ${sweepCase.operation} #${sweepCase.index} '${sweepCase.command}' ${sweepCase.fault} (faulted run ${faultedRunFailed ? "failed" : "succeeded"}, left ${where}): ${String(error)}`);
  }
  return { sweepCase, device: device.name, state: where, faultedRunFailed, sessionsAfterFault, problems, faultedSeconds, caseSeconds: (Date.now() - caseStarted) / 1000 };
}

function casesOf(commands: Record<Operation, string[]>): SweepCase[] {
  const cases: SweepCase[] = [];
  for (const operation of OPERATIONS) {
    // Index 0 is the login's synchronisation line; a fault there is a failed login, which changes nothing.
    commands[operation].forEach((command, index) => {
      if (index === 0) return;
      for (const fault of FAULTS) {
        if (fault === "refuse" && command === "<secret>") continue; // an answer to a password prompt is not typed as a line
        cases.push({ operation, index, command, fault });
      }
    });
  }
  return cases;
}

/** Runs the cases over the target's devices, each device working through the next case left. */
async function sweep(target: SweepTarget, cases: SweepCase[], waypoints: Map<string, Waypoints>): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let next = 0;
  await Promise.all(
    target.devices.map(async (device) => {
      while (next < cases.length) {
        const sweepCase = cases[next++];
        results.push(await runCase(device, sweepCase, waypoints.get(device.name) as Waypoints));
      }
    }),
  );
  return results;
}

// -------------------------------------------------------------------------------------------- targets

const EOS_PASSWORD = "Fault-Sweep-Pw-1";

async function startEosTarget(): Promise<SweepTarget> {
  const doubles: EosDoubleHandle[] = [];
  const forwarders: TcpForwarder[] = [];
  try {
    for (let i = 1; i <= DEVICES_PER_DIALECT; i++) {
      const double = await startEosDouble({ hostname: `Sweep-Eos-${i}`, users: [{ username: "admin", password: EOS_PASSWORD, privilege: 1 }], enablePassword: EOS_PASSWORD });
      doubles.push(double);
      forwarders.push(await startTcpForwarder("127.0.0.2", double.port, double.host));
    }
  } catch (error) {
    await Promise.all([...forwarders.map((f) => f.stop()), ...doubles.map((d) => d.stop())]);
    throw error;
  }
  return {
    dialect: "eos",
    devices: doubles.map((double, i) => ({
      name: `Sweep-Eos-${i + 1}`,
      dialect: "eos",
      connection: { host: "127.0.0.2", port: forwarders[i].port, username: "admin", hostKey: double.hostPublicKey },
      credentials: { password: EOS_PASSWORD, enablePassword: EOS_PASSWORD },
      forwarder: forwarders[i],
      running: async () => double.runningConfig(),
      openSessions: async () => double.sessions().filter((s) => s.state !== "completed").map((s) => `${s.name} (${s.state})`),
    })),
    stop: async () => {
      await Promise.all([...forwarders.map((f) => f.stop()), ...doubles.map((d) => d.stop())]);
    },
  };
}

async function startFrrTarget(): Promise<SweepTarget> {
  const names = Array.from({ length: DEVICES_PER_DIALECT }, (_v, i) => `sweep-frr-${i + 1}`);
  const lab: FrrLab = await startFrrLab({ routers: names.map((name) => ({ name })) });
  const forwarders: TcpForwarder[] = [];
  try {
    for (const router of lab.routers) forwarders.push(await startTcpForwarder("127.0.0.2", router.ssh.port, router.ssh.host));
  } catch (error) {
    await Promise.all(forwarders.map((f) => f.stop()));
    await lab.stop();
    throw error;
  }
  return {
    dialect: "frr",
    devices: lab.routers.map((router, i) => ({
      name: router.name,
      dialect: "frr",
      connection: { host: "127.0.0.2", port: forwarders[i].port, username: router.ssh.user, hostKey: router.ssh.hostKey },
      credentials: { privateKey: router.ssh.privateKey },
      forwarder: forwarders[i],
      running: () => router.vtysh("show running-config"),
      openSessions: async () => [],
    })),
    stop: async () => {
      await Promise.all(forwarders.map((f) => f.stop()));
      await lab.stop();
    },
  };
}

// -------------------------------------------------------------------------------------------- the suite

describe("fault sweep: a fault at any command leaves the switch whole, and the next run converges", function () {
  this.timeout(3_600_000);
  const all: CaseResult[] = [];
  const started = Date.now();

  after(() => {
    const whole = all.filter((r) => r.state !== "between").length;
    console.log(`fault sweep: ${all.length} cases, ${whole} whole, ${all.length - whole} between (${Math.round((Date.now() - started) / 1000)} s)`);
  });

  for (const [dialect, start] of [["eos", startEosTarget], ["frr", startFrrTarget]] as const) {
    it(`${dialect}: every command of a create, an update and a delete, cut, stalled and refused`, async () => {
      const target = await start();
      try {
        const waypoints = new Map<string, Waypoints>();
        let commands: Record<Operation, string[]> | null = null;
        for (const device of target.devices) {
          const read = await readWaypoints(device);
          waypoints.set(device.name, read.waypoints);
          commands ??= read.commands;
        }
        const cases = casesOf(commands as Record<Operation, string[]>);
        const results = await sweep(target, cases, waypoints);
        all.push(...results);
        const between = results.filter((r) => r.state === "between");
        const failing = results.filter((r) => r.problems.length > 0);
        const describeCase = (r: CaseResult) =>
          `${r.device} ${r.sweepCase.operation} #${r.sweepCase.index} '${r.sweepCase.command}' ${r.sweepCase.fault}: ${r.state}${r.problems.length ? ` — ${r.problems.join("; ")}` : ""}`;
        const byState = (state: CaseResult["state"]) => results.filter((r) => r.state === state).length;
        console.log(
          `  ${dialect}: ${results.length} cases (${byState("old")} old, ${byState("new")} new, ${between.length} between); ` +
            `${results.filter((r) => r.sessionsAfterFault > 0).length} left a session open until the next run`,
        );
        for (const fault of FAULTS) {
          const of = results.filter((r) => r.sweepCase.fault === fault);
          const mean = (pick: (r: CaseResult) => number) => (of.reduce((sum, r) => sum + pick(r), 0) / Math.max(1, of.length)).toFixed(1);
          console.log(`    ${fault}: ${of.length} cases, faulted run ${mean((r) => r.faultedSeconds)} s, whole case ${mean((r) => r.caseSeconds)} s on average`);
        }
        assert.deepStrictEqual(between.map(describeCase), [], "a switch left between its old and new config");
        assert.deepStrictEqual(failing.map(describeCase), [], "the next run did not converge cleanly");
      } finally {
        await target.stop();
      }
    });
  }
});
