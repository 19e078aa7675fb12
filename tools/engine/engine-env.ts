// The Pulumi engine that `npm run engine` builds (scripts/engine.sh): where it is, the environment
// a stack runs in with it, and an Automation API command bound to it. Used by the scripts that run
// Pulumi (preview-dev) and by the tests. Nothing here installs or downloads anything: a missing
// engine is an error naming the fix.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/** The release the engine is built at: always the installed @pulumi/pulumi (scripts/engine.sh enforces it). */
export const PULUMI_VERSION: string = (require("@pulumi/pulumi/package.json") as { version: string }).version;

/** Passphrase the secrets in Pulumi.dev.yaml are encrypted with (placeholders for a lab, see its header). */
export const DEV_STACK_PASSPHRASE = "kube-fabric-dev";

/** Binaries the engine needs beside the CLI: the CLI, the Node.js language host, the dynamic-provider launcher. */
export const ENGINE_BINARIES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"] as const;

export interface EngineLocation {
  /** Install root as PulumiCommand.get({ root }) expects it: the CLI is root/bin/pulumi. */
  readonly root: string;
  /** The CLI and the plugins bundled beside it. */
  readonly binDir: string;
  /** PULUMI_HOME: plugins/ holds resource plugins laid out as the engine looks for them. */
  readonly pulumiHome: string;
}

/** Where scripts/engine.sh puts the engine: ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/engine/pulumi-v<version>. */
export function engineLocation(env: NodeJS.ProcessEnv = process.env): EngineLocation {
  const cacheRoot = env.KUBE_FABRIC_CACHE || path.join(os.homedir(), ".cache", "kube-fabric");
  const root = path.join(cacheRoot, "engine", `pulumi-v${PULUMI_VERSION}`);
  return { root, binDir: path.join(root, "bin"), pulumiHome: path.join(root, "home") };
}

/** The engine's location, or an error saying what is missing and to run `npm run engine`. */
export function requireEngine(env: NodeJS.ProcessEnv = process.env): EngineLocation {
  const location = engineLocation(env);
  const missing = ENGINE_BINARIES.filter((name) => !isExecutable(path.join(location.binDir, name)));
  if (missing.length > 0) {
    throw new Error(
      `The Pulumi engine v${PULUMI_VERSION} is not built: ${missing.join(", ")} missing from ${location.binDir}. ` +
        "Run `npm run engine` (builds it from Go modules into that cache; set KUBE_FABRIC_CACHE to move it).",
    );
  }
  return location;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface EngineEnvOptions {
  /** Directory the caller owns (and removes) holding the stacks' state: the file:// backend. */
  readonly backendDir: string;
  /** The stack's secrets passphrase. */
  readonly passphrase: string;
  /**
   * TMPDIR of the engine and its plugins, inside a directory the caller removes (created here). The
   * Kubernetes provider plugin writes the kubeconfig it is given to a temporary file for Helm and never
   * removes it (pulumi-kubernetes pkg/provider/util.go writeKubeconfigToFile): with this, that copy of
   * an admin credential goes when the caller's directory goes, not into /tmp for good.
   */
  readonly tempDir?: string;
}

/**
 * Environment for Pulumi CLI runs: the built CLI first on PATH, its PULUMI_HOME, a local
 * file backend, a passphrase secrets provider, and no update check or plugin download ever.
 */
export function engineEnv(options: EngineEnvOptions, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const location = requireEngine(env);
  return {
    PATH: [location.binDir, env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: location.pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_BACKEND_URL: pathToFileURL(options.backendDir).href,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    ...(options.tempDir ? { TMPDIR: ensureDir(options.tempDir) } : {}),
  };
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * The built CLI for the Automation API (LocalWorkspace's `pulumiCommand`), checked to report exactly
 * PULUMI_VERSION. Never PulumiCommand.install: that downloads.
 */
export async function enginePulumiCommand(env: NodeJS.ProcessEnv = process.env): Promise<PulumiCommand> {
  const location = requireEngine(env);
  const command = await PulumiCommand.get({ root: location.root });
  const reported = command.version?.format();
  if (reported !== PULUMI_VERSION) {
    throw new Error(
      `${location.binDir}/pulumi reports version ${reported ?? "(none)"}, expected ${PULUMI_VERSION}: ` +
        "run `npm run engine` to rebuild it.",
    );
  }
  return command;
}
