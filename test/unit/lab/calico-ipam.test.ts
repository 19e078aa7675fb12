// The IPAM stand-in picks pools and blocks as Calico's IPAM does: by the pools' nodeSelector
// (Calico's selector language), and blocks in an arbitrary, name-seeded order.
import { strict as assert } from "assert";
import { pickBlock, podAddressesOf, PoolView, poolsForNode } from "../../../lab/calico-ipam";
import { selects } from "../../../lab/calico-selector";

const w1 = { "kubernetes.io/hostname": "k-w1", rack: "r1" };

describe("lab/calico-selector", () => {
  it("evaluates the selectors IP pools use", () => {
    assert.equal(selects("all()", w1), true);
    assert.equal(selects("", w1), true);
    assert.equal(selects("kubernetes.io/hostname == 'k-w1'", w1), true);
    assert.equal(selects('kubernetes.io/hostname == "k-w2"', w1), false);
    assert.equal(selects("kubernetes.io/hostname != 'k-w2' && rack == 'r1'", w1), true);
    assert.equal(selects("has(rack) && !has(zone)", w1), true);
    assert.equal(selects("rack in {'r2', 'r3'} || (kubernetes.io/hostname in {\"k-w1\"})", w1), true);
    assert.equal(selects("rack not in {'r1'}", w1), false);
    assert.equal(selects("!all()", w1), false);
  });

  it("refuses syntax it does not know, naming the selector", () => {
    assert.throws(() => selects("rack =~ 'r'", w1), /selector "rack =~ 'r'"/);
    assert.throws(() => selects("has(rack", w1), /expected '\)'/);
  });
});

describe("lab/calico-ipam", () => {
  const pool = (name: string, cidr: string, nodeSelector: string, blockSize = 26): PoolView => ({ name, cidr, blockSize, nodeSelector, disabled: false });

  it("a node takes blocks only from the pools whose nodeSelector selects it", () => {
    const pools = [
      pool("k-w2", "10.66.2.0/24", "kubernetes.io/hostname == 'k-w2'", 24),
      pool("k-w1", "10.66.1.0/24", "kubernetes.io/hostname == 'k-w1'", 24),
      { ...pool("old", "10.99.0.0/16", "all()"), disabled: true },
    ];
    assert.deepEqual(poolsForNode(pools, w1).map((p) => p.name), ["k-w1"]);
    assert.equal(pickBlock(poolsForNode(pools, w1)[0], "k-w1", new Set()), "10.66.1.0/24");
    assert.equal(pickBlock(poolsForNode(pools, w1)[0], "k-w1", new Set(["10.66.1.0/24"])), undefined);
  });

  it("on the default pool, blocks come in an arbitrary order, never twice", () => {
    const defaults = pool("default-ipv4-ippool", "192.168.0.0/16", "all()");
    const claimed = new Set<string>();
    for (const node of ["k-master", "k-w1", "k-w2", "k-w3"]) {
      const block = pickBlock(defaults, node, claimed);
      assert.ok(block && /^192\.168\.\d+\.(0|64|128|192)\/26$/.test(block), String(block));
      assert.ok(!claimed.has(block));
      claimed.add(block);
    }
    assert.notDeepEqual([...claimed], ["192.168.0.0/26", "192.168.0.64/26", "192.168.0.128/26", "192.168.0.192/26"]);
    assert.deepEqual(podAddressesOf("192.168.111.0/26", 2), ["192.168.111.1", "192.168.111.2"]);
  });
});
