// Starts a chain of FRR routers (r1 Ethernet2 <-> r2 Ethernet1, ...) for hands-on use and prints how
// to ssh in; Ctrl-C (or SIGTERM) stops it and removes everything.
// Run: npx ts-node scripts/lab-up.ts [number of routers, default 2]
import { writeFileSync } from "fs";
import { join } from "path";
import { LabLinkSpec, startFrrLab } from "../lab/frr-lab";
import { parseCommandLine } from "./lib/command-line";

async function main(): Promise<void> {
  const count = Number(parseCommandLine(process.argv.slice(2), {}, ["number of routers"]).positionals[0] ?? 2);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error("router count must be an integer from 1 to 64");
  const names = Array.from({ length: count }, (_, index) => `r${index + 1}`);
  const links: LabLinkSpec[] = names.slice(1).map((name, index) => ({
    a: { router: names[index], interface: index === 0 ? "Ethernet1" : "Ethernet2" },
    b: { router: name, interface: "Ethernet1" },
  }));
  const lab = await startFrrLab({ routers: names.map((name) => ({ name })), links });
  const knownHosts = join(lab.workDir, "known_hosts");
  writeFileSync(knownHosts, lab.routers.map((router) => `[${router.ssh.host}]:${router.ssh.port} ${router.ssh.hostKey}\n`).join(""));
  console.log(`lab ${lab.runId} is up (work dir ${lab.workDir}); Ctrl-C stops it`);
  for (const router of lab.routers) {
    console.log(
      `  ${router.name} [${router.interfaces.join(", ")}]: ssh -o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes ` +
        `-i ${join(lab.workDir, "client_ed25519")} -p ${router.ssh.port} ${router.ssh.user}@${router.ssh.host}`,
    );
  }
  // Keep the process alive; the lab's own exit handlers stop it on SIGINT/SIGTERM/SIGHUP.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
