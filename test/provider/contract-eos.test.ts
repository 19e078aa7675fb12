// The switch contract on the EOS double: two simulated EOS switches over ssh2, with config sessions,
// commit/abort and strict `% Invalid input`. It runs no routing protocols, so adjacencies are not
// awaited: the running config is asserted instead. Extra EOS-only cases follow the shared contract.
import assert from "assert";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";
import { EosCli } from "../support/eos-double/cli";
import { typeAtConsole } from "../support/eos-double/console";
import { dialectOf } from "../../providers/dialects/registry";
import { setProviderHooks, switchProvider, SwitchConfigOutputs } from "../../providers/switch/provider";
import { ConfigLineRejectedError, DeviceBusyError, UnconfirmedCommitError, VerificationError } from "../../providers/switch/ssh/errors";
import { newSessionName } from "../../providers/dialects/eos/session-names";
import { ContractRouter, ContractTarget, contractPlan, defineSwitchContract, inputsFor } from "./contract";

const PASSWORD = "Eos-Login-Pw-42";
const ENABLE_PASSWORD = "Eos-Enable-Pw-42";

function eosContractRouter(double: EosDoubleHandle, name: string): ContractRouter {
  return {
    name,
    connection: { host: double.host, port: double.port, username: "admin", hostKey: double.hostPublicKey },
    credentials: { password: PASSWORD, enablePassword: ENABLE_PASSWORD },
    linkInterface: "Ethernet1",
    runningConfig: async () => double.runningConfig(),
    configureByHand: async (lines) => typeAtConsole(double, lines),
    sshLogins: async () => double.stats().authenticated,
    sshConnections: async () => double.stats().connections,
  };
}

async function startDouble(hostname: string): Promise<EosDoubleHandle> {
  return startEosDouble({
    hostname,
    users: [{ username: "admin", password: PASSWORD, privilege: 1 }],
    enablePassword: ENABLE_PASSWORD,
  });
}

let doubles: EosDoubleHandle[] = [];

async function startEosTarget(): Promise<ContractTarget> {
  doubles = [await startDouble("Leaf-1"), await startDouble("Leaf-2")];
  const [a, b] = [eosContractRouter(doubles[0], "Leaf-1"), eosContractRouter(doubles[1], "Leaf-2")];
  return {
    dialect: "eos",
    routers: [a, b],
    awaitOspfFull: null,
    awaitBgpEstablished: null,
    // The link's address already on another port: EOS refuses it inside the config session.
    conflictWithUnderlay: () => ({
      lines: ["interface Ethernet3", "no switchport", "ip address 10.11.99.0/31"],
      undo: ["interface Ethernet3", "no ip address", "switchport"],
      refusedLine: /^ip address 10\.11\.99\.0\/31$/,
    }),
    stop: async () => {
      await Promise.all(doubles.map((d) => d.stop()));
    },
  };
}

defineSwitchContract("switch contract on the EOS double (config sessions over ssh2)", startEosTarget);

describe("EOS specifics on the double", function () {
  this.timeout(60_000);
  let double: EosDoubleHandle;
  let router: ContractRouter;

  beforeEach(async () => {
    double = await startDouble("Leaf-1");
    router = eosContractRouter(double, "Leaf-1");
  });
  afterEach(async () => {
    await double.stop();
  });

  const underlay = () => dialectOf("eos").renderUnderlay(contractPlan("eos", [router, { ...router, name: "Leaf-2" }], 0));

  it("applies through a kf- config session, records its diff, commits and saves", async () => {
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "underlay", underlay()))).inputs as Record<string, unknown>;
    const created = await switchProvider.create(inputs);
    const outs = created.outs as SwitchConfigOutputs;
    const typed = double.transcript().map((t) => t.line);
    const open = typed.find((line) => line.startsWith("configure session kf-"));
    assert.ok(open, typed.join("\n"));
    const session = open.split(" ")[2];
    assert.ok(typed.includes(`show session-config named ${session} diffs`));
    assert.ok(typed.indexOf("commit") > typed.indexOf(open));
    assert.ok(typed.includes("copy running-config startup-config"));
    assert.match(String(outs.lastChange?.deviceDiff), /^\+\s+ip address 10\.11\.99\.0\/31$/m);
    assert.strictEqual(outs.lastChange?.savedToStartup, true);
    assert.match(String(double.startupConfig()), /ip address 10\.11\.99\.0\/31/);
    assert.deepStrictEqual(
      double.sessions().filter((s) => s.state !== "completed").map((s) => s.name),
      [],
      "no session left open",
    );
  });

  it("with commitConfirmSeconds, commits with a timer and confirms only after reading the change back", async () => {
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "underlay", underlay(), { commitConfirmSeconds: 120 }))).inputs as Record<string, unknown>;
    await switchProvider.create(inputs);
    const typed = double.transcript().map((t) => t.line);
    const timer = typed.findIndex((line) => line === "commit timer 00:02:00");
    const session = typed.find((line) => line.startsWith("configure session kf-"))?.split(" ")[2];
    const readBack = typed.indexOf("show running-config", timer);
    const confirm = typed.indexOf(`configure session ${session} commit`);
    assert.ok(timer > 0 && readBack > timer && confirm > readBack, typed.join("\n"));
    assert.deepStrictEqual(double.sessions().map((s) => s.state), ["completed"]);
  });

  /** A hand edit at the console the moment `command` has been answered (between two commands of the provider). */
  function editByHandAfter(command: RegExp, lines: readonly string[]): void {
    let done = false;
    setProviderHooks({
      onTranscript: (entry) => {
        if (done || !command.test(entry.command)) return;
        done = true;
        typeAtConsole(double, lines);
      },
    });
  }
  afterEach(() => setProviderHooks({}));

  it("with a commit timer, a change that does not read back is aborted and EOS restores the previous config", async () => {
    const before = double.runningConfig();
    editByHandAfter(/^commit timer /, ["interface Ethernet1", "description changed under our feet"]);
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "underlay", underlay(), { commitConfirmSeconds: 120 }))).inputs as Record<string, unknown>;
    const error = await switchProvider.create(inputs).then(
      () => assert.fail("a change that did not verify was confirmed"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof VerificationError, String(error));
    assert.match(error.message, /description to Leaf-2: changed to description changed under our feet/);
    assert.match(error.message, /was aborted and EOS restored the previous running config/);
    assert.strictEqual(double.runningConfig(), before);
    assert.ok(!double.transcript().some((t) => /^configure session kf-\S+ commit$/.test(t.line)), "never confirmed");
  });

  it("without a commit timer, a change that does not read back is reported as staying", async () => {
    editByHandAfter(/^commit$/, ["interface Ethernet1", "description changed under our feet"]);
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "underlay", underlay()))).inputs as Record<string, unknown>;
    await assert.rejects(
      switchProvider.create(inputs),
      (e: unknown) => e instanceof VerificationError && /committed without a commit timer, so the change stays; set options\.commitConfirmSeconds/.test(e.message),
    );
  });

  it("aborts the session on a refused line: nothing committed, no pending session left", async () => {
    double.injectFailure({ match: /^ip ospf area /, message: "% Ambiguous command" });
    const before = double.runningConfig();
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "underlay", underlay()))).inputs as Record<string, unknown>;
    const error = await switchProvider.create(inputs).then(
      () => assert.fail("accepted"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConfigLineRejectedError, String(error));
    assert.match(error.message, /'ip ospf area 0\.0\.0\.0': % Ambiguous command/);
    assert.match(error.message, /aborted; nothing was committed/);
    assert.strictEqual(double.runningConfig(), before);
    assert.ok(double.transcript().some((t) => /^configure session kf-\S+ abort$/.test(t.line)));
    assert.deepStrictEqual(double.sessions().filter((s) => s.state === "pending"), []);
  });

  it("aborts the whole session when a line inside a prefix-list mode is refused", async () => {
    const plan = contractPlan("eos", [router, { ...router, name: "Leaf-2" }], 0);
    double.injectFailure({ match: /^seq 10 permit /, message: "% Invalid input" });
    const before = double.runningConfig();
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "node-peering", dialectOf("eos").renderNodePeering(plan)))).inputs as Record<string, unknown>;
    const error = await switchProvider.create(inputs).then(
      () => assert.fail("accepted"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConfigLineRejectedError, String(error));
    assert.match(error.message, /'seq 10 permit [^']+': % Invalid input/);
    assert.strictEqual(double.runningConfig(), before);
    assert.deepStrictEqual(double.sessions().filter((s) => s.state === "pending"), [], "no session left pending after a refusal in a sub-mode");
  });

  it("removes only provably stale sessions of ours; a session another run is using makes the device busy", async () => {
    const cli = new EosCli(double.device, { user: "admin", privileged: true, terminal: "vty9", invalidInputStyle: "token" });
    const open = (name: string, description: string) => {
      for (const line of [`configure session ${name}`, "interface Ethernet5", `description ${description}`, "end"]) cli.execute(line);
    };
    const hourAgo = newSessionName("dead0000", Date.now() - 60 * 60_000);
    const justNow = newSessionName("beef1111", Date.now() - 30_000); // a live run on another machine
    open(hourAgo, "half-done");
    open("kf-dead0000-aaaaaa", "older-naming");
    open("operator-change", "theirs");
    open(justNow, "in-progress");
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "underlay", underlay()))).inputs as Record<string, unknown>;
    const before = double.runningConfig();
    await assert.rejects(switchProvider.create(inputs), (e: unknown) => {
      assert.ok(e instanceof DeviceBusyError, String(e));
      assert.match(e.message, new RegExp(`busy: another kube-fabric run is configuring it \\(config session ${justNow} pending, started \\d+ s ago\\) — nothing was changed`));
      return true;
    });
    assert.strictEqual(double.runningConfig(), before);
    assert.ok(double.sessions().some((s) => s.name === justNow && s.state === "pending"), "the live run's session is untouched");

    cli.execute(`no configure session ${justNow}`); // that run ends
    const created = await switchProvider.create(inputs);
    const names = double.sessions().map((s) => `${s.name}:${s.state}`);
    assert.ok(!names.some((n) => n.startsWith(hourAgo)), names.join(", "));
    assert.ok(names.includes("operator-change:pending"), names.join(", "));
    assert.ok(names.includes("kf-dead0000-aaaaaa:pending"), `a session whose age cannot be proved is left: ${names.join(", ")}`);
    const warnings = (created.outs as SwitchConfigOutputs).lastChange?.warnings ?? [];
    assert.ok(warnings.some((w) => w.startsWith(`removed stale uncommitted config session ${hourAgo}`)), warnings.join("\n"));
    assert.ok(warnings.some((w) => w.startsWith("left config session kf-dead0000-aaaaaa alone")), warnings.join("\n"));
    assert.ok(!double.runningConfig().includes("half-done"));
  });

  describe("a run that stops after 'commit timer'", () => {
    /** How many command lines a create with a commit timer sends up to and including `commit timer`. */
    async function commandsThroughCommitTimer(inputs: Record<string, unknown>): Promise<number> {
      const probe = await startDouble("Leaf-1");
      try {
        await switchProvider.create({ ...inputs, connection: { ...(inputs.connection as object), port: probe.port, hostKey: probe.hostPublicKey } });
        const lines = probe.transcript().map((t) => t.line);
        const index = lines.findIndex((line) => line.startsWith("commit timer "));
        assert.ok(index > 0, lines.join("\n"));
        return index + 1;
      } finally {
        await probe.stop();
      }
    }

    async function dropAfterCommitTimer(inputs: Record<string, unknown>): Promise<string> {
      double.dropConnectionAfter(await commandsThroughCommitTimer(inputs));
      const error = await switchProvider.create(inputs).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof UnconfirmedCommitError, String(error));
      assert.match(error.message, /committed in config session kf-\S+ with a 00:05:00 commit timer and is NOT confirmed: EOS rolls it back when the timer ends/);
      const pending = double.sessions().filter((s) => s.state === "pendingCommitTimer");
      assert.strictEqual(pending.length, 1, "the change waits under its timer");
      return pending[0].name;
    }

    const timed = async (config = underlay()) =>
      (await switchProvider.check({}, inputsFor("eos", router, "underlay", config, { commitConfirmSeconds: 300 }))).inputs as Record<string, unknown>;

    it("the next run reads the change back, confirms it, saves it to startup-config and says so", async () => {
      const inputs = await timed();
      const startupBefore = double.startupConfig();
      const session = await dropAfterCommitTimer(inputs);
      const retried = await switchProvider.create(inputs);
      const lastChange = (retried.outs as SwitchConfigOutputs).lastChange;
      const warnings = lastChange?.warnings ?? [];
      assert.ok(warnings.some((w) => w.startsWith(`confirmed config session ${session}: an earlier run committed it with a commit timer`)), warnings.join("\n"));
      assert.deepStrictEqual(double.sessions().filter((s) => s.state !== "completed").map((s) => s.name), [], "nothing left under a timer");
      assert.match(double.runningConfig(), /ip address 10\.11\.99\.0\/31/);
      // A reboot keeps the confirmed change: startup-config is the running config, and the output says so.
      assert.notStrictEqual(double.startupConfig(), startupBefore, "startup-config was written");
      assert.match(double.startupConfig() ?? "", /ip address 10\.11\.99\.0\/31/);
      assert.strictEqual(lastChange?.savedToStartup, true);
    });

    it("the next run aborts it when it does not read back as that run wants, and says so", async () => {
      const session = await dropAfterCommitTimer(await timed());
      const changed = underlay().map((line) =>
        line.text === "interface Ethernet1" ? { ...line, children: line.children.map((c) => (c.text.startsWith("description ") ? { text: "description moved", children: [] } : c)) } : line,
      );
      const retried = await switchProvider.create(await timed(changed));
      const warnings = (retried.outs as SwitchConfigOutputs).lastChange?.warnings ?? [];
      assert.ok(warnings.some((w) => w.startsWith(`aborted config session ${session}:`) && w.includes("EOS restored the config from before it")), warnings.join("\n"));
      assert.deepStrictEqual(double.sessions().filter((s) => s.state !== "completed").map((s) => s.name), []);
      assert.match(double.runningConfig(), /description moved/);
    });
  });

  it("fails loudly when the device reports the pending-session limit", async () => {
    double.injectFailure({ match: /^configure session kf-/, message: "% Maximum number of pending sessions has been reached" });
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "underlay", underlay()))).inputs as Record<string, unknown>;
    await assert.rejects(switchProvider.create(inputs), /Maximum number of pending sessions has been reached — nothing was changed/);
  });

  it("a failed save is a warning: the change is live, the output says it is not saved", async () => {
    double.injectFailure({ match: "copy running-config startup-config", message: "% Error: flash full", times: 1 });
    const inputs = (await switchProvider.check({}, inputsFor("eos", router, "underlay", underlay()))).inputs as Record<string, unknown>;
    const created = await switchProvider.create(inputs);
    const outs = created.outs as SwitchConfigOutputs;
    assert.strictEqual(outs.lastChange?.savedToStartup, false);
    assert.ok(outs.lastChange?.warnings.some((w) => w.includes("flash full") && w.includes("not saved")));
    assert.match(double.runningConfig(), /ip address 10\.11\.99\.0\/31/);
  });

  it("keeps a neighbour's password (a context line of the session diff) out of state, logs, transcript and errors", async () => {
    const encrypted = "0822455D0A16";
    typeAtConsole(double, ["router bgp 65001", "neighbor 10.9.9.9 remote-as 65009", `neighbor 10.9.9.9 password 7 ${encrypted}`]);
    const seen: string[] = [];
    setProviderHooks({ log: (m) => seen.push(m), onTranscript: (e) => seen.push(e.output) });
    try {
      const plan = contractPlan("eos", [router, { ...router, name: "Leaf-2" }], 0);
      const inputs = (await switchProvider.check({}, inputsFor("eos", router, "node-peering", dialectOf("eos").renderNodePeering(plan)))).inputs as Record<string, unknown>;
      const created = await switchProvider.create(inputs);
      const outs = created.outs as SwitchConfigOutputs;
      assert.match(String(outs.lastChange?.deviceDiff), /^\s+neighbor 10\.9\.9\.9 password \[secret\]$/m, "the context line is there, scrubbed");
      // A hand edit of an owned line inside that block, then a refresh: drift and its log.
      typeAtConsole(double, ["router bgp 65001", "router-id 10.255.0.99"]);
      const refreshed = await switchProvider.read(created.id, outs as unknown as Record<string, unknown>);
      assert.ok((refreshed.props as SwitchConfigOutputs).drift.length > 0);
      // A failure whose message carries device output.
      double.injectFailure({ match: "commit", message: `% Error: neighbor 10.9.9.9 password 7 ${encrypted}`, times: 1 });
      const error = await switchProvider
        .update(created.id, refreshed.props as unknown as Record<string, unknown>, inputs)
        .then(() => null, (e: unknown) => e);
      assert.ok(error instanceof Error && /'commit' failed/.test(error.message), String(error));
      const everything = [JSON.stringify(outs), JSON.stringify(refreshed), String(error), JSON.stringify(error), ...seen].join("\n");
      assert.ok(seen.some((line) => line.includes("password [secret]")), "the transcript saw the line, scrubbed");
      assert.ok(!everything.includes(encrypted), "the encrypted password leaked");
    } finally {
      setProviderHooks({});
    }
  });
});
