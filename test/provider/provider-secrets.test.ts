// Secrets through the whole provider: check failures, errors from the device path, diffs and outputs
// never carry a password, a passphrase or key material in plain text.
import assert from "assert";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";
import { setProviderHooks, switchProvider, SwitchConfigOutputs } from "../../providers/switch/provider";
import { TranscriptEntry } from "../../providers/switch/ssh/shell";
import { ed25519KeyPair } from "../support/ssh-keypair";

const PASSWORD = "Sw1tch-Login-Secret";
const ENABLE = "Sw1tch-Enable-Secret";
const config = "interface Ethernet2\n   description uplink\n";

function everythingSaid(value: unknown): string {
  if (value instanceof Error) return JSON.stringify({ ...value, message: value.message, stack: value.stack });
  return JSON.stringify(value);
}

describe("switch provider: secrets stay secret", function () {
  this.timeout(30_000);
  let double: EosDoubleHandle;
  const transcript: TranscriptEntry[] = [];

  before(async () => {
    double = await startEosDouble({ hostname: "Leaf-9", users: [{ username: "admin", password: PASSWORD, privilege: 1 }], enablePassword: ENABLE });
    setProviderHooks({ onTranscript: (entry) => transcript.push(entry) });
  });
  after(async () => {
    setProviderHooks({});
    await double.stop();
  });

  const inputs = (credentials: Record<string, string>) => ({
    device: "Leaf-9",
    dialect: "eos",
    phase: "underlay",
    connection: { host: double.host, port: double.port, username: "admin", hostKey: double.hostPublicKey },
    credentials,
    config,
    options: {},
  });

  it("check() reports a broken private key or passphrase without quoting either", async () => {
    const key = ed25519KeyPair({ passphrase: "Key-Passphrase-123", cipher: "aes256-ctr", rounds: 16 }).private;
    const broken = key.replace(/\n[A-Za-z0-9+/]{10}/, "\nBROKENBROKEN");
    for (const credentials of [{ privateKey: broken }, { privateKey: key, passphrase: "Wrong-Passphrase-456" }] as Record<string, string>[]) {
      const result = await switchProvider.check({}, inputs(credentials));
      const failure = (result.failures ?? []).find((f) => f.property === "connection.privateKey");
      assert.ok(failure, JSON.stringify(result.failures));
      const said = everythingSaid(result.failures);
      assert.ok(!said.includes("Wrong-Passphrase-456") && !said.includes("BEGIN OPENSSH") && !said.includes(key.split("\n")[2]), said);
    }
  });

  it("check() refuses a password that would be typed as two lines, without echoing it", async () => {
    const result = await switchProvider.check({}, inputs({ password: "first\nreload" }));
    assert.ok((result.failures ?? []).some((f) => f.property === "connection.password"));
    assert.ok(!everythingSaid(result.failures).includes("reload"));
  });

  it("a refused login and a refused enable password fail without the password in the error", async () => {
    for (const credentials of [{ password: "Not-The-Password-1" }, { password: PASSWORD, enablePassword: "Not-The-Enable-2" }] as Record<string, string>[]) {
      const checked = (await switchProvider.check({}, inputs(credentials))).inputs as Record<string, unknown>;
      const error = await switchProvider.create(checked).then(
        () => assert.fail("logged in with wrong credentials"),
        (e: unknown) => e,
      );
      const said = everythingSaid(error);
      for (const secret of Object.values(credentials)) assert.ok(!said.includes(secret), said);
    }
  });

  it("diffs show that credentials changed, never their values; outputs keep them only under `credentials`", async () => {
    const checked = (await switchProvider.check({}, inputs({ password: PASSWORD, enablePassword: ENABLE }))).inputs as Record<string, unknown>;
    const created = await switchProvider.create(checked);
    const outs = created.outs as SwitchConfigOutputs;
    const { credentials, ...rest } = outs;
    assert.deepStrictEqual(credentials, { password: PASSWORD, enablePassword: ENABLE }, "kept for update/delete, under the one secret property");
    assert.ok(!everythingSaid(rest).includes(PASSWORD) && !everythingSaid(rest).includes(ENABLE));

    const rotated = (await switchProvider.check({}, inputs({ password: "Rotated-Password-9", enablePassword: ENABLE }))).inputs as Record<string, unknown>;
    const diff = await switchProvider.diff(created.id, outs as unknown as Record<string, unknown>, rotated);
    assert.deepStrictEqual(diff.detailedDiff, { credentials: { kind: "update", inputDiff: true } });
    const said = everythingSaid(diff);
    assert.ok(!said.includes(PASSWORD) && !said.includes("Rotated-Password-9"));

    assert.ok(transcript.length > 0);
    const logged = everythingSaid(transcript);
    assert.ok(!logged.includes(PASSWORD) && !logged.includes(ENABLE), "the CLI transcript holds no secret");
    await switchProvider.delete(created.id, outs as unknown as Record<string, unknown>);
  });
});
