// What can change a bench's figures, printed beside them: how busy the machine was when the bench
// started, how many cores it has, and (for the lab benches) the path every lab SSH login takes.
import { spawnSync } from "child_process";
import { availableParallelism, loadavg } from "os";
import { basename } from "path";

/** `load average at start 0.42 0.61 0.55 (1/5/15 min), 2 cores` */
export function machineConditions(): string {
  const [one, five, fifteen] = loadavg().map((value) => value.toFixed(2));
  return `load average at start ${one} ${five} ${fifteen} (1/5/15 min), ${availableParallelism()} cores`;
}

/**
 * The login path of a lab sshd's sessions for `user`, from its passwd entry: which shell sshd runs the
 * forced login script with, and whether that shell reads start-up files (bash does: ~/.bashrc).
 */
export function labLoginPath(user: string): string {
  const entry = spawnSync("getent", ["passwd", user], { encoding: "utf8" }).stdout.trim();
  if (!entry) return `lab logins as ${user}: no such account`;
  const [, , uid, , , home, shell] = entry.split(":");
  const plainSh = ["sh", "dash"].includes(basename(shell));
  const startup = plainSh ? " (reads no start-up file)" : ` (may read start-up files such as ${home}/.bashrc on every login)`;
  return `lab logins: ${user} (uid ${uid}, home ${home}) → sshd ForceCommand → ${shell} -c login.sh${startup} → ip netns exec … vtysh`;
}
