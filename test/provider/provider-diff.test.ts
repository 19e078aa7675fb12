// check() and diff() need no device: what they accept, what they refuse, and how a change reads.
import assert from "assert";
import { configPropertyOf, configTextOf, switchProvider } from "../../providers/switch/provider";
import type { OwnedConfig } from "../../providers/dialects/types";
import { ed25519KeyPair } from "../support/ssh-keypair";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const hostKey = ed25519KeyPair().public;

const underlay = (description: string, extra: { text: string; children: [] }[] = []) => [
  { text: "ip routing", children: [] },
  {
    text: "interface Ethernet2",
    children: [
      { text: `description ${description}`, children: [] },
      { text: "no switchport", children: [] },
      { text: "ip address 10.0.11.0/31", children: [] },
      ...extra,
    ],
  },
];

const news = (ownedConfig: OwnedConfig, overrides: Record<string, unknown> = {}) => ({
  device: "Leaf-1",
  dialect: "eos",
  phase: "underlay",
  connection: { host: "192.0.2.1", port: 22, username: "admin", hostKey },
  credentials: { password: "pw-for-diff-tests" },
  config: configPropertyOf(((overrides.dialect as "eos" | "frr" | undefined) === "frr" ? "frr" : "eos"), ownedConfig),
  options: {},
  ...overrides,
});

async function checked(props: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await switchProvider.check({}, props);
  assert.deepStrictEqual(result.failures ?? [], []);
  return result.inputs as Record<string, unknown>;
}

describe("switch provider: check and diff", () => {
  it("defaults the port and keeps the owned lines as one text, in device order and indentation", async () => {
    const inputs = await checked({ ...news(underlay("k-master")), connection: { host: "192.0.2.1", username: "admin", hostKey } });
    assert.strictEqual((inputs.connection as { port: number }).port, 22);
    assert.strictEqual(
      configTextOf(inputs.config),
      "ip routing\ninterface Ethernet2\n   description k-master\n   no switchport\n   ip address 10.0.11.0/31\n",
    );
    const keys = Object.keys(inputs).sort();
    assert.deepStrictEqual(keys, ["config", "connection", "credentials", "device", "dialect", "options", "phase"], "no second copy of the lines");
  });

  it("refuses config text whose indentation does not nest, naming the row", async () => {
    const result = await switchProvider.check({}, { ...news(underlay("x")), config: "   description orphan\ninterface Ethernet2\n" });
    assert.deepStrictEqual((result.failures ?? []).map((f) => f.property), ["config"]);
    assert.match(result.failures?.[0].reason ?? "", /row 1: 'description orphan' is indented but no line above it opens a context/);
  });

  it("refuses a line that holds a secret without quoting it: the config is plain text in state and preview", async () => {
    const result = await switchProvider.check({}, { ...news(underlay("x")), config: "router bgp 65011\n   neighbor 10.0.11.1 password 7 0A1B2C3D\n" });
    assert.deepStrictEqual((result.failures ?? []).map((f) => f.property), ["config"]);
    assert.match(result.failures?.[0].reason ?? "", /'neighbor 10\.0\.11\.1 password \[secret\]' holds a secret/);
    assert.ok(!JSON.stringify(result.failures).includes("0A1B2C3D"));
  });

  it("leaves values other resources compute during preview, and still shows the lines", async () => {
    const result = await switchProvider.check({}, news(underlay("k-master"), { connection: { host: UNKNOWN, port: 22, username: "admin", hostKey: UNKNOWN } }));
    assert.deepStrictEqual(result.failures, []);
    assert.match(configTextOf((result.inputs as Record<string, unknown>).config) ?? "", /^interface Ethernet2\n   description k-master$/m);
  });

  it("names the property of each problem: dialect, phase, port, options, lines", async () => {
    const result = await switchProvider.check(
      {},
      news([{ text: "interface Ethernet2", children: [{ text: "description a|b", children: [] }] }], {
        dialect: "ios",
        phase: "under lay",
        connection: { host: "192.0.2.1", port: 70000, username: "admin", hostKey },
        options: { commitConfirmSeconds: 0 },
      }),
    );
    const properties = (result.failures ?? []).map((f) => f.property).sort();
    assert.deepStrictEqual(properties, ["connection.port", "dialect", "options.commitConfirmSeconds", "phase"]);
    const frr = await switchProvider.check({}, news(underlay("x"), { dialect: "frr", options: { commitConfirmSeconds: 60 } }));
    assert.ok((frr.failures ?? []).some((f) => f.property === "options.commitConfirmSeconds" && /EOS only/.test(f.reason)));
    const eos = await switchProvider.check({}, news([{ text: "interface Ethernet2", children: [{ text: "description a|b", children: [] }] }]));
    assert.ok((eos.failures ?? []).some((f) => f.property.startsWith("config[") && f.property.includes("description a|b")));
  });

  it("a changed line is a change of config", async () => {
    const olds = await checked(news(underlay("k-master", [{ text: "ip ospf network point-to-point", children: [] }])));
    const next = await checked(news([underlay("k-master-1")[1], { text: "ip route 0.0.0.0/0 10.0.137.1", children: [] }]));
    const diff = await switchProvider.diff("Leaf-1/underlay", olds, next);
    assert.deepStrictEqual(diff.detailedDiff, { config: { kind: "update", inputDiff: true } });
    assert.deepStrictEqual(diff.replaces, []);
    assert.strictEqual((await switchProvider.diff("Leaf-1/underlay", olds, await checked(news(underlay("k-master", [{ text: "ip ospf network point-to-point", children: [] }]))))).changes, false);
  });

  it("reports no change for the same inputs, and a replacement (delete first) for another device", async () => {
    const olds = await checked(news(underlay("k-master")));
    const same = await switchProvider.diff("Leaf-1/underlay", olds, await checked(news(underlay("k-master"))));
    assert.strictEqual(same.changes, false);
    const renamed = await switchProvider.diff("Leaf-1/underlay", olds, await checked(news(underlay("k-master"), { device: "Leaf-2" })));
    assert.deepStrictEqual(renamed.replaces, ["device"]);
    assert.strictEqual(renamed.deleteBeforeReplace, true);
  });
});
