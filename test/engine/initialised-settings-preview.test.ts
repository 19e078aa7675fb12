// A real `pulumi preview` refuses a changed pod CIDR, service CIDR, control-plane endpoint or
// Kubernetes version once the cluster's settings are recorded (InitialisedSettingsRecord, created
// after kubeadm init): the built engine runs the dynamic provider's check during the preview, with
// the recorded inputs from the state. Nothing else of the cluster is in this program (no node to
// reach): the record is what carries the refusal. An inline Automation API program, state in a
// temp file backend this test owns.

import assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { InitialisedSettingsRecord } from "../../components/nodes/initialised-settings";
import { KubernetesPlan } from "../../components/plan/plan-types";
import { engineEnv, enginePulumiCommand } from "../../tools/engine/engine-env";
import { TEST_STACK_PASSPHRASE } from "../support/engine";
import { seedPlan } from "../unit/nodes/seed-scripts";

describe("engine: pulumi preview refuses changing what kubeadm init fixed", function () {
  this.timeout(600_000);
  const initialised = seedPlan().kubernetes;
  let tmp: string;
  let command: PulumiCommand;
  let planned: KubernetesPlan = initialised;
  let stack: Stack;

  /** The preview's failure text (the engine's diagnostics and the CLI's stderr), or "" if it passed. */
  async function previewFailure(kubernetes: KubernetesPlan): Promise<string> {
    planned = kubernetes;
    try {
      await stack.preview();
      return "";
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  before(async () => {
    command = await enginePulumiCommand(); // fails with "run npm run engine" when missing
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-initialised-settings-"));
    fs.mkdirSync(path.join(tmp, "state"));
    fs.mkdirSync(path.join(tmp, "work"));
    stack = await LocalWorkspace.createStack(
      {
        stackName: "settings",
        projectName: "kube-fabric-settings-test",
        program: async () => {
          new InitialisedSettingsRecord("k-master-initialised-settings", planned);
        },
      },
      {
        workDir: path.join(tmp, "work"),
        pulumiCommand: command,
        envVars: engineEnv({ backendDir: path.join(tmp, "state"), passphrase: TEST_STACK_PASSPHRASE }),
        secretsProvider: "passphrase",
      },
    );
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("up records the settings kubeadm init used; a preview with the same plan changes nothing", async () => {
    planned = initialised;
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const preview = await stack.preview({ expectNoChanges: true });
    assert.deepStrictEqual(preview.changeSummary, { same: 2 });
  });

  it("preview fails on a changed pod CIDR, naming the field, both values and the fix", async () => {
    const failure = await previewFailure({ ...initialised, podCidr: "10.77.0.0/16" });
    assert.match(
      failure,
      /topology\.kubernetes\.podCidr: the cluster was initialised with 10\.66\.0\.0\/16; the plan now says 10\.77\.0\.0\/16\. kubeadm never changes the pod CIDR of a running cluster, and kube-fabric does not either: set topology\.kubernetes\.podCidr back to 10\.66\.0\.0\/16, or pulumi destroy and create the cluster again/,
    );
    assert.doesNotMatch(failure, /serviceCidr|controlPlaneEndpoint|topology\.kubernetes\.version/);
  });

  it("preview fails on a changed service CIDR, endpoint and version, each on its own", async () => {
    const failure = await previewFailure({ ...initialised, serviceCidr: "10.112.0.0/12", controlPlaneEndpoint: "10.0.11.9", version: "1.29.1" });
    assert.match(failure, /topology\.kubernetes\.serviceCidr: the cluster was initialised with 10\.96\.0\.0\/12; the plan now says 10\.112\.0\.0\/12\./);
    assert.match(failure, /topology\.kubernetes\.controlPlaneEndpoint: the cluster was initialised with 10\.0\.11\.1; the plan now says 10\.0\.11\.9\./);
    assert.match(failure, /topology\.kubernetes\.version: the cluster runs Kubernetes 1\.28\.15; the plan now says 1\.29\.1\. kube-fabric does not upgrade or downgrade a running cluster/);
  });

  it("up refuses it too and keeps the recorded values; destroy, then a new cluster may use new values", async () => {
    planned = { ...initialised, podCidr: "10.77.0.0/16" };
    await assert.rejects(stack.up(), /topology\.kubernetes\.podCidr: the cluster was initialised with 10\.66\.0\.0\/16/);
    const exported = (await stack.exportStack()).deployment as { resources?: Array<{ type: string; inputs?: Record<string, unknown> }> };
    const record = exported.resources?.find((r) => r.type === "pulumi-nodejs:dynamic/kube-fabric:InitialisedSettings");
    assert.strictEqual(record?.inputs?.podCidr, "10.66.0.0/16");
    planned = initialised;
    const destroyed = await stack.destroy();
    assert.strictEqual(destroyed.summary.result, "succeeded");
    planned = { ...initialised, podCidr: "10.77.0.0/16", version: "1.29.1" };
    const preview = await stack.preview();
    assert.deepStrictEqual(preview.changeSummary, { create: 2 });
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    await stack.destroy();
  });
});
