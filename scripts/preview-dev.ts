// The main job until the local lab exists: a real `pulumi preview --diff` of the dev stack with the
// engine built from Go modules, a local file backend and the dev stack's passphrase.
// `npm run preview:dev [-- extra pulumi args]`

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEV_STACK_PASSPHRASE, engineEnv } from "../tools/engine/engine-env";
import { PREVIEW_READS_ENV } from "../providers/switch/provider/preview-read";

const STACK = "dev";

function main(): number {
  const project = path.resolve(__dirname, "..");
  const cacheRoot = process.env.KUBE_FABRIC_CACHE || path.join(os.homedir(), ".cache", "kube-fabric");
  const backendDir = path.join(cacheRoot, "state");
  fs.mkdirSync(backendDir, { recursive: true });
  // The dev stack's switches are placeholders: a create's preview must not try to read them (provider/preview-read.ts).
  const env = { ...process.env, ...engineEnv({ backendDir, passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? DEV_STACK_PASSPHRASE }), [PREVIEW_READS_ENV]: "off" };
  const pulumi = (args: string[], quiet = false) =>
    spawnSync("pulumi", args, { cwd: project, env, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  const select = pulumi(["stack", "select", STACK, "--create", "--non-interactive"], true);
  if (select.status !== 0) {
    process.stderr.write(select.stderr || select.stdout || "pulumi stack select failed\n");
    return select.status ?? 1;
  }
  console.log(`pulumi preview of stack ${STACK} (state: ${backendDir})`);
  return pulumi(["preview", "--diff", "--stack", STACK, "--non-interactive", ...process.argv.slice(2)]).status ?? 1;
}

process.exitCode = main();
