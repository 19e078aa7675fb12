// The Kubernetes provider plugin tools/pulumi-kubernetes/build.sh installs into the engine's
// PULUMI_HOME, checked to match the installed @pulumi/kubernetes (which asks the engine for it).
import * as fs from "fs";
import * as path from "path";
import { requireEngine } from "../../tools/engine/engine-env";

export const KUBERNETES_SDK_VERSION: string = (require("@pulumi/kubernetes/package.json") as { version: string }).version;

export function requireKubernetesPlugin(env: NodeJS.ProcessEnv = process.env): string {
  const plugin = path.join(requireEngine(env).pulumiHome, "plugins", `resource-kubernetes-v${KUBERNETES_SDK_VERSION}`, "pulumi-resource-kubernetes");
  try {
    fs.accessSync(plugin, fs.constants.X_OK);
    return plugin;
  } catch {
    throw new Error(`${plugin} is missing: run \`sh tools/pulumi-kubernetes/build.sh\` (builds the plugin for @pulumi/kubernetes ${KUBERNETES_SDK_VERSION} from its Go module)`);
  }
}
