// The SSH session layer against a real ssh2 server (the EOS double): host key pinning, retries only
// before a command is sent, timeouts, enable, and secrets kept out of every error.
import assert from "assert";
import { createServer, Server, Socket } from "net";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";
import { DeviceEndpoint, withDeviceSession } from "../../providers/switch/ssh/driver";
import { eosDriver } from "../../providers/dialects/eos/session";
import {
  CommandTimeoutError,
  HostKeyMismatchError,
  SessionClosedError,
  SshAuthenticationError,
  SshConnectError,
  DeviceCommandError,
} from "../../providers/switch/ssh/errors";
import { sha256Fingerprint } from "../../providers/switch/ssh/host-key";
import { TranscriptEntry } from "../../providers/switch/ssh/shell";
import { ed25519KeyPair } from "../support/ssh-keypair";

const LOGIN_PASSWORD = "login-Pa55word-xyz";
const ENABLE_PASSWORD = "enable-Secr3t-abc";
// Generous connect time: the machine is shared, and a slow handshake must not turn into a retry here.
const FAST = { connectTimeoutMs: 15_000, commandTimeoutMs: 10_000, connectAttempts: 3, retryBackoffMs: 20 };

function endpointOf(double: EosDoubleHandle, overrides: Partial<DeviceEndpoint> = {}): DeviceEndpoint {
  return {
    device: "Leaf-1",
    host: double.host,
    port: double.port,
    username: "admin",
    hostKey: double.hostPublicKey,
    password: LOGIN_PASSWORD,
    enablePassword: ENABLE_PASSWORD,
    ...overrides,
  };
}

describe("SSH sessions against the EOS double", function () {
  this.timeout(30_000);
  let double: EosDoubleHandle;

  beforeEach(async () => {
    double = await startEosDouble({
      hostname: "Leaf-1",
      users: [{ username: "admin", password: LOGIN_PASSWORD, privilege: 1 }],
      enablePassword: ENABLE_PASSWORD,
    });
  });
  afterEach(async () => {
    await double.stop();
  });

  it("logs in, enables with the enable password, turns paging off, and reads the running config in one session", async () => {
    const transcript: TranscriptEntry[] = [];
    const running = await withDeviceSession(endpointOf(double), eosDriver, { timeouts: FAST, onTranscript: (e) => transcript.push(e) }, (s) =>
      s.runningConfig(),
    );
    assert.match(running, /^hostname Leaf-1$/m);
    const [sync, ...typed] = double.transcript().map((t) => t.line);
    assert.match(sync, /^! kube-fabric-sync-[0-9a-f]{12}$/, "a comment tells the device's first prompt from banner text");
    assert.deepStrictEqual(typed, ["terminal length 0", "terminal width 32767", "enable", "<secret>", "show running-config"]);
    assert.strictEqual(double.stats().connections, 1);
    const logged = JSON.stringify(transcript);
    assert.ok(!logged.includes(ENABLE_PASSWORD) && !logged.includes(LOGIN_PASSWORD), "the transcript holds no secret");
  });

  it("refuses a different host key without sending anything and without retrying; says how to re-pin", async () => {
    const other = ed25519KeyPair();
    const pinned = other.public;
    const presentedBlob = Buffer.from(double.hostPublicKey.split(" ")[1], "base64");
    const pinnedBlob = Buffer.from(pinned.split(" ")[1], "base64");
    const error = await withDeviceSession(endpointOf(double, { hostKey: pinned }), eosDriver, { timeouts: FAST }, async () => "no").then(
      () => assert.fail("connected despite a wrong host key"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof HostKeyMismatchError, String(error));
    assert.match(error.message, /switch Leaf-1/);
    assert.ok(error.message.includes(`expected ${sha256Fingerprint(pinnedBlob)}`), error.message);
    assert.ok(error.message.includes(`presented ${sha256Fingerprint(presentedBlob)}`), error.message);
    assert.match(error.message, /re-pin/);
    assert.ok(error.message.includes(double.hostPublicKey.split(" ").slice(0, 2).join(" ")), "the message shows the presented key to pin");
    assert.strictEqual(double.stats().connections, 1, "a host key mismatch is never retried");
    assert.strictEqual(double.stats().authenticated, 0, "no credentials were sent to the impostor");
    assert.strictEqual(double.stats().commands, 0);
  });

  it("does not retry refused credentials and never shows the password", async () => {
    const wrong = "Wrong-Passw0rd-123";
    const error = await withDeviceSession(endpointOf(double, { password: wrong }), eosDriver, { timeouts: FAST }, async () => "no").then(
      () => assert.fail("logged in with a wrong password"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SshAuthenticationError, String(error));
    assert.ok(!String((error as Error).stack).includes(wrong) && !(error as Error).message.includes(wrong));
    assert.strictEqual(double.stats().connections, 1);
  });

  it("reports a wrong enable password without the password", async () => {
    const wrong = "not-the-enable-pw";
    const error = await withDeviceSession(endpointOf(double, { enablePassword: wrong }), eosDriver, { timeouts: FAST }, async () => "no").then(
      () => assert.fail("enabled with a wrong password"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DeviceCommandError, String(error));
    assert.match((error as Error).message, /enable/);
    assert.ok(!JSON.stringify({ m: (error as Error).message, s: (error as Error).stack, e: error }).includes(wrong));
  });

  it("never retries once a command was sent: a dropped connection fails the operation", async () => {
    double.dropConnectionAfter(4); // the login's sync comment, terminal length, terminal width, enable answered; the secret is not
    await assert.rejects(
      withDeviceSession(endpointOf(double), eosDriver, { timeouts: FAST }, (s) => s.runningConfig()),
      (e: unknown) => e instanceof SessionClosedError,
    );
    assert.strictEqual(double.stats().connections, 1);
  });

  it("times out a command whose prompt does not come back", async () => {
    double.setResponseDelay(500);
    await assert.rejects(
      withDeviceSession(endpointOf(double), eosDriver, { timeouts: { ...FAST, commandTimeoutMs: 200 } }, (s) => s.runningConfig()),
      // The first line typed is the login's synchronisation comment.
      (e: unknown) => e instanceof CommandTimeoutError && /no prompt 200 ms after '! kube-fabric-sync-[0-9a-f]+ \(typed after the login to find the device's own prompt\)'/.test(e.message),
    );
  });

  it("serialises operations on one device: one session at a time, each its own SSH connection", async () => {
    double.setResponseDelay(5);
    const seen: number[] = [];
    await Promise.all(
      [1, 2, 3].map(() => withDeviceSession(endpointOf(double), eosDriver, { timeouts: FAST }, (s) => s.runningConfig())),
    );
    for (const entry of double.transcript()) if (seen[seen.length - 1] !== entry.connection) seen.push(entry.connection);
    assert.deepStrictEqual(seen, [1, 2, 3], "the commands of the three operations do not interleave");
  });
});

describe("SSH connection retries", function () {
  this.timeout(20_000);
  let server: Server;
  let accepted = 0;
  let port = 0;

  before(async () => {
    // Accepts TCP and hangs up at once: a switch whose sshd is not up yet.
    server = createServer((socket: Socket) => {
      accepted++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    port = typeof address === "object" && address ? address.port : 0;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("retries connection failures with backoff, then names the device and the attempts", async () => {
    const key = ed25519KeyPair().public;
    const started = Date.now();
    const error = await withDeviceSession(
      { device: "Spine-1", host: "127.0.0.1", port, username: "admin", hostKey: key, password: "pw-not-shown-123" },
      eosDriver,
      { timeouts: { connectTimeoutMs: 2000, commandTimeoutMs: 1000, connectAttempts: 3, retryBackoffMs: 100 } },
      async () => "no",
    ).then(
      () => assert.fail("connected to a server that hangs up"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SshConnectError, String(error));
    assert.match(error.message, /switch Spine-1: could not open an SSH session to 127\.0\.0\.1:\d+ \(3 attempts\)/);
    assert.strictEqual(accepted, 3);
    assert.ok(Date.now() - started >= 100 + 200, "waited 100 ms, then 200 ms between attempts");
    assert.ok(!error.message.includes("pw-not-shown-123"));
  });
});
