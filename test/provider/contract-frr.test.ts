// The switch contract on real FRR: two routers in network namespaces, cabled Ethernet1 to Ethernet1, each
// behind its own OpenSSH whose login lands in vtysh. If FRR or sshd cannot start, this fails (never skips).
import { startFrrLab } from "../../lab/frr-lab";
import { frrContractRouter } from "./frr-contract-router";
import { ContractTarget, defineSwitchContract } from "./contract";

async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function startFrrTarget(): Promise<ContractTarget> {
  const lab = await startFrrLab({
    routers: [{ name: "r1" }, { name: "r2" }],
    links: [{ a: { router: "r1", interface: "Ethernet1" }, b: { router: "r2", interface: "Ethernet1" } }],
  });
  const [r1, r2] = lab.routers.map((router) => frrContractRouter(router));
  return {
    dialect: "frr",
    routers: [r1, r2],
    awaitOspfFull: () =>
      eventually(
        "OSPF Full between r1 and r2",
        async () => {
          const [a, b] = await Promise.all(lab.routers.map((router) => router.vtysh("show ip ospf neighbor")));
          return /Full\//.test(a) && /Full\//.test(b);
        },
        60_000,
      ),
    awaitBgpEstablished: (router, neighbor) =>
      eventually(
        `BGP ${router.name} → ${neighbor} Established`,
        async () => /BGP state = Established/.test(await lab.router(router.name).vtysh(`show ip bgp neighbors ${neighbor}`)),
        60_000,
      ),
    // An OSPF `network` statement made by hand: vtysh then refuses per-interface `ip ospf area`.
    conflictWithUnderlay: () => ({
      lines: ["router ospf", "network 10.11.99.0/31 area 0.0.0.0"],
      undo: ["no router ospf"],
      refusedLine: /^ip ospf area /,
    }),
    stop: () => lab.stop(),
  };
}

defineSwitchContract("switch contract on real FRR (vtysh over OpenSSH)", startFrrTarget);
