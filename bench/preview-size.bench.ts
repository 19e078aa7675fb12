// `npm run bench:preview [-- <project dir>]`: how long `pulumi preview --diff` of the dev stack is (every
// resource a create), in lines: in all, and for the switch resources. What a reviewer reads before the first
// `pulumi up`. Runs in a network namespace of its own (the dev stack's hosts are placeholders: nothing may
// be dialled), with a throwaway file backend; the project dir defaults to this checkout (give another, e.g.
// `git archive main | tar -x -C /tmp/kf-main`, with node_modules linked, to compare).

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PREVIEW_READS_ENV } from "../providers/switch/provider/preview-read";
import { DEV_STACK_PASSPHRASE, engineEnv } from "../tools/engine/engine-env";

const STACK = "dev";

/** Runs the pulumi CLI in a new network namespace with only loopback up. */
function pulumiIsolated(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return spawnSync("unshare", ["--net", "--", "/bin/sh", "-c", 'ip link set lo up && exec "$@"', "sh", "pulumi", ...args], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Lines of each resource block of a `pulumi preview --diff`, by the resource's type. */
function linesByType(stdout: string): Map<string, { blocks: number; lines: number }> {
  const byType = new Map<string, { blocks: number; lines: number }>();
  let current: { blocks: number; lines: number } | null = null;
  for (const row of stdout.split("\n")) {
    const header = /^\s*[-+~]?\s*(\S+:\S+:\S+): \(/.exec(row);
    if (header) {
      current = byType.get(header[1]) ?? { blocks: 0, lines: 0 };
      byType.set(header[1], current);
      current.blocks += 1;
    }
    if (/^\S/.test(row) && !header) current = null;
    if (current) current.lines += 1;
  }
  return byType;
}

function main(): number {
  const project = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-preview-size-"));
  try {
    const env = { ...process.env, ...engineEnv({ backendDir: backend, passphrase: DEV_STACK_PASSPHRASE }), [PREVIEW_READS_ENV]: "off" };
    const select = pulumiIsolated(["stack", "select", STACK, "--create", "--non-interactive"], project, env);
    if (select.status !== 0) throw new Error(`pulumi stack select failed: ${select.stderr || select.stdout}`);
    const started = Date.now();
    const preview = pulumiIsolated(["preview", "--diff", "--stack", STACK, "--non-interactive"], project, env);
    if (preview.status !== 0) throw new Error(`pulumi preview failed (exit ${preview.status}):\n${preview.stderr}\n${preview.stdout}`);
    const stdout = preview.stdout;
    const creates = /\+ (\d+) to create/.exec(stdout)?.[1] ?? "?";
    console.log(`pulumi preview --diff of stack ${STACK} in ${project}: ${stdout.split("\n").length} lines for ${creates} creates (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    for (const [type, { blocks, lines }] of [...linesByType(stdout)].sort((a, b) => b[1].lines - a[1].lines)) {
      console.log(`  ${type.padEnd(36)} ${String(blocks).padStart(3)} resources ${String(lines).padStart(5)} lines`);
    }
    return 0;
  } finally {
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

process.exitCode = main();
