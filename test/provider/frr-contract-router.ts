// A router of the FRR lab as the switch contract sees it: its SSH target, how to read and hand-edit
// its config directly, and how many SSH logins its sshd has accepted.

import type { LabRouter } from "../../lab/frr-lab";
import type { ContractRouter } from "./contract";

/** sshd writes its log asynchronously: wait until the count stops moving. */
async function settledCount(read: () => number): Promise<number> {
  let last = read();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = read();
    if (now === last && i >= 2) return now;
    last = now;
  }
  return last;
}

export function frrContractRouter(router: LabRouter): ContractRouter {
  return {
    name: router.name,
    connection: { host: router.ssh.host, port: router.ssh.port, username: router.ssh.user, hostKey: router.ssh.hostKey },
    credentials: { privateKey: router.ssh.privateKey },
    linkInterface: router.interfaces[0],
    runningConfig: () => router.vtysh("show running-config"),
    configureByHand: async (lines) => {
      await router.vtysh(["configure terminal", ...lines, "end"]);
    },
    sshLogins: () => settledCount(() => router.sshLogins()),
    sshConnections: () => settledCount(() => router.sshConnections()),
  };
}
