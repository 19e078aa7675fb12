// The pure pieces of the SSH edge: screen text from pty bytes, prompts, secrets, EOS session names, locks.
import assert from "assert";
import { cleanTerminalText, lastScreenLine } from "../../providers/switch/ssh/terminal-text";
import { eosPromptRules } from "../../providers/dialects/eos/session";
import { frrPromptRules } from "../../providers/dialects/frr/session";
import { SecretScrubber, scrubDeviceText } from "../../providers/switch/ssh/secrets";
import { commitTimerArgument, newSessionName, parseConfigSessions, parseSessionName, triageSessions } from "../../providers/dialects/eos/session-names";
import { DeviceLocks } from "../../providers/switch/ssh/device-lock";
import { findEosRefusal } from "../../providers/dialects/eos/errors";
import { findFrrRefusal } from "../../providers/dialects/frr/errors";
import { runningConfigDifference } from "../../providers/switch/ssh/cli-steps";

describe("SSH edge: terminal text", () => {
  it("drops ANSI sequences (readline's bracketed paste, colours) and CRLF line ends", () => {
    const raw = "\x1b[?2004hr1# show version\r\n\x1b[?2004l\r\x1b[1mFRRouting\x1b[0m 8.4.4\r\nr1# ";
    assert.strictEqual(cleanTerminalText(raw), "r1# show version\nFRRouting 8.4.4\nr1# ");
  });

  it("applies carriage-return overwrites and backspaces as a terminal would", () => {
    assert.strictEqual(cleanTerminalText(" --More-- \r          \rnext line"), "next line ");
    assert.strictEqual(cleanTerminalText("abc\b\bXY"), "aXY");
    assert.strictEqual(cleanTerminalText("long line\rshort"), "shortline");
  });

  it("finds the last screen line, where a prompt waits", () => {
    assert.strictEqual(lastScreenLine("output\r\nmore\r\n\x1b[?2004hLeaf-1(config-s-kf-ab)#"), "Leaf-1(config-s-kf-ab)#");
  });
});

describe("SSH edge: prompts", () => {
  it("reads EOS modes: exec, privileged, config, config-session contexts, password", () => {
    const rules = eosPromptRules(null);
    assert.deepStrictEqual(rules.match("Leaf-1>"), { text: "Leaf-1>", mode: "exec", hostname: "Leaf-1", context: null });
    assert.strictEqual(rules.match("Leaf-1#")?.mode, "privileged");
    assert.strictEqual(rules.match("Leaf-1(config)#")?.mode, "config");
    assert.deepStrictEqual(rules.match("Leaf-1(config-s-kf-ab-if-Et2)#"), {
      text: "Leaf-1(config-s-kf-ab-if-Et2)#",
      mode: "config",
      hostname: "Leaf-1",
      context: "config-s-kf-ab-if-Et2",
    });
    assert.strictEqual(rules.match("Password: ")?.mode, "password");
    assert.strictEqual(rules.match("Leaf-1# show running-config"), null, "a typed command is not a prompt");
  });

  it("reads FRR vtysh prompts with their trailing space", () => {
    const rules = frrPromptRules(null);
    assert.strictEqual(rules.match("r1# ")?.mode, "privileged");
    assert.strictEqual(rules.match("r1(config-router-af)# ")?.context, "config-router-af");
  });

  it("once the hostname is known, output ending in '#' from another name is not a prompt", () => {
    const rules = eosPromptRules("Leaf-1");
    assert.strictEqual(rules.match("Leaf-2#"), null);
    assert.strictEqual(rules.match("Leaf-1#")?.mode, "privileged");
  });
});

describe("SSH edge: secrets", () => {
  const privateKey = [
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
    "QyNTUxOQAAACDp0bX7Yx3tX0k4gqZP0Jc9vSx8y6h8Yd2P8nqv0pC3fQAAAJgF8c0zBfHN",
    "-----END OPENSSH PRIVATE KEY-----",
  ].join("\n");

  it("replaces passwords and key material, whole or line by line", () => {
    const scrubber = new SecretScrubber(["hunter2-long", privateKey, undefined]);
    const text = `login with hunter2-long failed; key line QyNTUxOQAAACDp0bX7Yx3tX0k4gqZP0Jc9vSx8y6h8Yd2P8nqv0pC3fQAAAJgF8c0zBfHN seen`;
    const scrubbed = scrubber.scrub(text);
    assert.ok(!scrubbed.includes("hunter2-long"));
    assert.ok(!scrubbed.includes("QyNTUxOQAAACDp0bX7"));
    assert.match(scrubbed, /login with \[secret\] failed/);
  });

  it("removes private key blocks it was not told about", () => {
    assert.strictEqual(new SecretScrubber([]).scrub(`key: ${privateKey} end`), "key: [secret] end");
  });

  it("scrubs an error in place, keeping its class", () => {
    class DeviceFailure extends Error {}
    const error = new DeviceFailure("device said: bad secret 'pw-123456'");
    const scrubbed = new SecretScrubber(["pw-123456"]).scrubError(error);
    assert.ok(scrubbed instanceof DeviceFailure);
    assert.ok(!scrubbed.message.includes("pw-123456"));
    assert.ok(!String(scrubbed.stack).includes("pw-123456"));
  });
});

describe("SSH edge: EOS configuration sessions", () => {
  it("names sessions kf-<resource>-<start>-<random>, unique per operation, the start time readable back", () => {
    const now = Date.UTC(2026, 11, 2, 4, 0, 0);
    const a = newSessionName("Leaf-1-underlay", now);
    const b = newSessionName("Leaf-1-underlay", now);
    assert.match(a, /^kf-Leaf1underla-[0-9a-z]+-[0-9a-f]{4}$/);
    assert.notStrictEqual(a, b);
    assert.deepStrictEqual(parseSessionName(a), { resourceShortId: "Leaf1underla", startedAt: now });
    assert.strictEqual(parseSessionName("kf-old-aaaaaa"), null, "an older name proves nothing");
  });

  it("removes only provably stale sessions of ours, settles this resource's unconfirmed timer, and sees other runs at work", () => {
    const now = Date.UTC(2026, 11, 2, 4, 0, 0);
    const startedAgo = (minutes: number, id: string) => newSessionName(id, now - minutes * 60_000);
    const [oldOurs, young, youngTimer, ownTimer, oldTimer, ownPending] = [
      startedAgo(60, "aaaa1111"), startedAgo(2, "bbbb2222"), startedAgo(1, "cccc3333"), startedAgo(3, "self0000"), startedAgo(90, "dddd4444"), startedAgo(1, "self0000"),
    ];
    const listing = [
      "Maximum number of completed sessions: 1",
      "Maximum number of pending sessions: 5",
      "",
      "  Name                     State              User  Terminal",
      "  ------------------------ ------------------ ----- --------",
      `  ${oldOurs}   pending            admin vty3`,
      `  ${young}   pending            admin vty4`,
      `  ${youngTimer}   pendingCommitTimer admin vty2`,
      `  ${ownTimer}   pendingCommitTimer admin vty5`,
      `  ${oldTimer}   pendingCommitTimer admin vty6`,
      `  ${ownPending}   pending            admin vty9`,
      "  kf-old-aaaaaa            pending            admin vty8",
      "  kf-done-dddddd           completed          admin vty1",
      "  operator-work            pending            bob   vty7",
    ].join("\n");
    const triage = triageSessions(parseConfigSessions(listing), "self0000", now);
    assert.deepStrictEqual(triage.stale, [oldOurs]);
    assert.deepStrictEqual(triage.unconfirmed, [ownTimer]);
    assert.deepStrictEqual(triage.interrupted, [ownPending], "this resource's own cut-off run, however young");
    assert.deepStrictEqual(triage.busy.map((s) => s.name), [young, youngTimer]);
    assert.deepStrictEqual(triage.unprovable, ["kf-old-aaaaaa"]);
  });

  it("writes commit timers as hh:mm:ss", () => {
    assert.strictEqual(commitTimerArgument(300), "00:05:00");
    assert.strictEqual(commitTimerArgument(3725), "01:02:05");
  });
});

describe("SSH edge: refusal patterns", () => {
  it("EOS: % messages are refusals, session listings and warnings are not", () => {
    assert.strictEqual(findEosRefusal("% Invalid input (at token 1: 'adress')")?.kind, "invalid input");
    assert.strictEqual(findEosRefusal("% Incomplete command")?.kind, "incomplete command");
    assert.strictEqual(findEosRefusal("% Ambiguous command")?.kind, "ambiguous command");
    assert.strictEqual(findEosRefusal("% Address 10.0.11.0/31 overlaps with Ethernet3")?.kind, "address overlap");
    assert.strictEqual(findEosRefusal("% Maximum number of pending sessions has been reached")?.kind, "pending session limit");
    assert.strictEqual(findEosRefusal("% Error: something")?.kind, "error");
    assert.strictEqual(findEosRefusal("Maximum number of pending sessions: 5"), null);
    assert.strictEqual(findEosRefusal("! Interface does not exist. The configuration will not take effect until the module is inserted."), null);
  });

  it("FRR: every output of a config line is a refusal, with or without %", () => {
    assert.strictEqual(findFrrRefusal("% Unknown command: ip adress 1.2.3.4/31")?.kind, "unknown command");
    assert.strictEqual(findFrrRefusal("% Command incomplete: ip address")?.kind, "incomplete command");
    assert.strictEqual(findFrrRefusal("% Configuration failed.\n\nError type: validation")?.kind, "configuration failed");
    assert.strictEqual(findFrrRefusal("BGP is already running; AS is 65011")?.kind, "other process running");
    assert.strictEqual(findFrrRefusal("Please remove all network commands first.")?.kind, "precondition");
    assert.strictEqual(findFrrRefusal("something new")?.kind, "unexpected output");
    assert.strictEqual(findFrrRefusal(""), null);
  });
});

describe("SSH edge: running-config comparison", () => {
  it("is empty for identical configs and lists the lines that differ otherwise", () => {
    const before = "hostname r1\n!\ninterface Ethernet1\n ip address 10.0.0.0/31\n";
    assert.deepStrictEqual(runningConfigDifference(before, before), []);
    assert.deepStrictEqual(runningConfigDifference(before, before.replace("10.0.0.0", "10.0.0.2")), [
      "- ip address 10.0.0.0/31",
      "+ ip address 10.0.0.2/31",
    ]);
  });
});

describe("SSH edge: device locks", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("runs operations on one device one after another, in call order", async () => {
    const locks = new DeviceLocks();
    const events: string[] = [];
    const op = (name: string, ms: number) =>
      locks.run("10.0.0.1:22", async () => {
        events.push(`${name} start`);
        await sleep(ms);
        events.push(`${name} end`);
      });
    await Promise.all([op("a", 30), op("b", 5), op("c", 1)]);
    assert.deepStrictEqual(events, ["a start", "a end", "b start", "b end", "c start", "c end"]);
    assert.deepStrictEqual(locks.busyKeys, []);
  });

  it("runs different devices in parallel and keeps going after a failure", async () => {
    const locks = new DeviceLocks();
    let running = 0;
    let peak = 0;
    const op = (key: string) =>
      locks.run(key, async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(20);
        running--;
      });
    await Promise.all([op("a:22"), op("b:22"), op("c:22")]);
    assert.strictEqual(peak, 3);
    await assert.rejects(locks.run("a:22", async () => Promise.reject(new Error("boom"))), /boom/);
    assert.strictEqual(await locks.run("a:22", async () => "next"), "next");
  });
});

describe("device text that can hold a secret", () => {
  it("hides what follows password, secret, community and *key, on every line, and nothing else", () => {
    const text = [
      "username admin privilege 15 secret sha512 $6$abc$def",
      "enable password 7 0822455D0A16",
      "   neighbor 10.0.0.1 password 7 0822455D0A16",
      "snmp-server community public ro",
      " ip ospf authentication-key 7 02050D480809",
      " ip ospf message-digest-key 1 md5 7 02050D480809",
      "   description k-master ens3",
      "   ip address 10.0.11.0/31",
    ].join("\n");
    assert.strictEqual(
      scrubDeviceText(text),
      [
        "username admin privilege 15 secret [secret]",
        "enable password [secret]",
        "   neighbor 10.0.0.1 password [secret]",
        "snmp-server community [secret]",
        " ip ospf authentication-key [secret]",
        " ip ospf message-digest-key [secret]",
        "   description k-master ens3",
        "   ip address 10.0.11.0/31",
      ].join("\n"),
    );
  });
});
