// Runs a real `pulumi preview` of the dev stack through the Automation API and writes what the
// engine reported to a JSON file (argv[2]). test/engine/dev-preview.test.ts starts it inside a
// network namespace of its own, so that the whole engine (this process's event server, the
// CLI, the language host, the plugins) talks over a loopback no other address is reachable
// from. Not a test itself: `ts-node -T test/engine/dev-preview-run.ts <report.json>`.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineEvent, LocalWorkspace } from "@pulumi/pulumi/automation";
import { DEV_STACK_PASSPHRASE, engineEnv, enginePulumiCommand } from "../../tools/engine/engine-env";
import { PROJECT_ROOT } from "../support/dev-stack";
import { PREVIEW_READS_ENV } from "../../providers/switch/provider/preview-read";

export interface DevPreviewReport {
  changeSummary: Record<string, number>;
  /** op and type of every resource step the engine announced, providers included. */
  steps: Array<{ op: string; type: string; urn: string }>;
  diagnostics: Array<{ severity: string; message: string }>;
  elapsedMs: number;
}

async function main(reportPath: string): Promise<void> {
  const started = Date.now();
  const pulumiCommand = await enginePulumiCommand(); // fails with "run npm run engine" when missing
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-dev-preview-"));
  try {
    fs.mkdirSync(path.join(tmp, "state"));
    const stack = await LocalWorkspace.createStack(
      { stackName: "dev", workDir: PROJECT_ROOT },
      // The dev stack's switches are placeholders: no create's preview reads them (provider/preview-read.ts).
      { pulumiCommand, envVars: { ...engineEnv({ backendDir: path.join(tmp, "state"), passphrase: DEV_STACK_PASSPHRASE }), [PREVIEW_READS_ENV]: "off" } },
    );
    const events: EngineEvent[] = [];
    // debug: the provider's debug messages (the command plugin's "dialing ..." among them) become events.
    const preview = await stack.preview({ debug: true, onEvent: (event) => events.push(event) });
    const report: DevPreviewReport = {
      changeSummary: preview.changeSummary as Record<string, number>,
      steps: events.flatMap((e) =>
        e.resourcePreEvent ? [{ op: e.resourcePreEvent.metadata.op, type: e.resourcePreEvent.metadata.type, urn: e.resourcePreEvent.metadata.urn }] : [],
      ),
      diagnostics: events.flatMap((e) => (e.diagnosticEvent ? [{ severity: e.diagnosticEvent.severity, message: e.diagnosticEvent.message }] : [])),
      elapsedMs: Date.now() - started,
    };
    fs.writeFileSync(reportPath, JSON.stringify(report));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const reportPath = process.argv[2];
if (!reportPath) {
  process.stderr.write("usage: ts-node -T test/engine/dev-preview-run.ts <report.json>\n");
  process.exitCode = 2;
} else {
  main(reportPath).catch((error: unknown) => {
    process.stderr.write(`dev preview failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
