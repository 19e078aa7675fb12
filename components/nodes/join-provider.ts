// A worker's kubeadm join as one dynamic-provider resource. Its create makes a fresh bootstrap
// token on the control plane over SSH and joins the worker with it at once, in the same call. A
// join that failed leaves nothing in the state, so the next `pulumi up` runs create again with a
// new token: a retry after the token expired just works, and no token is ever stored.
//
// Pulumi serialises this provider into the state and runs it in a process of its own, also on
// `pulumi destroy` when the program may have changed. So it is self-contained: it requires its
// modules inside the functions, and every script it runs arrives as an input, rendered by
// components/nodes/ and wrapped by runAsRoot (worker-join.ts builds them).

import type * as pulumi from "@pulumi/pulumi";
import type { ClientChannel, ConnectConfig } from "ssh2";

/** Where one node's sshd is and the host key it must present. */
export interface NodeSshTarget {
  name: string;
  host: string;
  port: number;
  user: string;
  /** Pinned OpenSSH public host key line (`ssh-ed25519 AAAA…`). */
  hostKey: string;
}

/** The login secrets (stored as a Pulumi secret); the password also feeds sudo on line 1 of stdin. */
export interface NodeSshSecrets {
  password?: string;
  privateKey?: string;
}

export interface WorkerJoinInputs {
  controlPlane: NodeSshTarget;
  worker: NodeSshTarget;
  credentials: NodeSshSecrets;
  /** runAsRoot(renderJoinToken(worker)): prints the join command as its payload, between markers. */
  tokenCommand: string;
  /** runAsRoot(renderKubeadmJoin(…)): reads the join command from stdin after the password line. */
  joinCommand: string;
  /** runAsRoot(renderKubeadmReset(worker)): what destroy runs on the worker. */
  resetCommand: string;
  /** The markers the token step prints its payload between (script.ts STEP_PAYLOAD_*). */
  payloadBegin: string;
  payloadEnd: string;
}

export interface WorkerJoinOutputs extends WorkerJoinInputs {
  /** The join step's changed:/unchanged: lines, as create or update last printed them. */
  report: string;
}

interface RemoteResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How long each remote step may take; kubeadm join waits for the kubelet's TLS bootstrap. */
const TOKEN_TIMEOUT_MS = 120_000;
const JOIN_TIMEOUT_MS = 900_000;
const RESET_TIMEOUT_MS = 300_000;
const CONNECT_ATTEMPTS = 4;

/** Runs `command` on the node with `stdin`; retries the connection (never a refused login or host key). */
async function runOnNode(target: NodeSshTarget, secrets: NodeSshSecrets, command: string, stdin: string, timeoutMs: number): Promise<RemoteResult> {
  let last = "";
  for (let attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
    const outcome = await runOnce(target, secrets, command, stdin, timeoutMs);
    if ("result" in outcome) return outcome.result;
    if (!outcome.retryable) throw new Error(`${target.name} (${target.host}:${target.port}): ${outcome.error}`);
    last = outcome.error;
    await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
  }
  throw new Error(`${target.name} (${target.host}:${target.port}): no SSH connection after ${CONNECT_ATTEMPTS} attempts: ${last}`);
}

type Outcome = { result: RemoteResult } | { error: string; retryable: boolean };

function runOnce(target: NodeSshTarget, secrets: NodeSshSecrets, command: string, stdin: string, timeoutMs: number): Promise<Outcome> {
  const ssh = require("ssh2") as typeof import("ssh2");
  const [keyType = "", keyBase64 = ""] = target.hostKey.trim().split(/\s+/);
  const pinned = Buffer.from(keyBase64, "base64");
  // Offer only the pinned key's algorithm, so the server presents that key and not another of its keys.
  const hostKeyAlgorithms = keyType === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [keyType];
  return new Promise<Outcome>((resolve) => {
    const client = new ssh.Client();
    let settled = false;
    let hostKeyRefused = false;
    let started = false;
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      resolve(outcome);
    };
    timer = setTimeout(
      () => settle(started ? { error: `the command did not finish within ${timeoutMs / 1000} s`, retryable: false } : { error: "timed out connecting", retryable: true }),
      timeoutMs,
    );
    client.on("keyboard-interactive", (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map((p) => (/password/i.test(p.prompt) && secrets.password !== undefined ? secrets.password : "")));
    });
    client.on("ready", () => {
      started = true;
      client.exec(command, (err: Error | undefined, stream: ClientChannel) => {
        if (err) return settle({ error: `cannot start the command: ${err.message}`, retryable: false });
        let stdout = "";
        let stderr = "";
        stream.on("data", (d: Buffer) => (stdout += d.toString()));
        stream.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        stream.on("close", (code: number | null) => settle({ result: { code, stdout, stderr } }));
        stream.end(stdin);
      });
    });
    client.on("error", (error: Error & { level?: string }) => {
      if (hostKeyRefused) return settle({ error: `the host key does not match the pinned hostKey: check the node, or pin its new key`, retryable: false });
      if (error.level === "client-authentication") return settle({ error: `login as ${target.user} refused: check kube-fabric:nodePrivateKey / nodePassword`, retryable: false });
      settle({ error: error.message, retryable: !started });
    });
    client.on("close", () => settle({ error: "the connection closed", retryable: !started }));
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: 20_000,
      algorithms: { serverHostKey: hostKeyAlgorithms as NonNullable<ConnectConfig["algorithms"]>["serverHostKey"] },
      hostVerifier: (key: Buffer) => {
        hostKeyRefused = !key.equals(pinned);
        return !hostKeyRefused;
      },
      ...(secrets.privateKey !== undefined ? { privateKey: secrets.privateKey } : {}),
      ...(secrets.password !== undefined ? { password: secrets.password, tryKeyboard: true } : {}),
    };
    try {
      client.connect(config);
    } catch (error) {
      // ssh2 throws at once for an unusable key; its message never holds the key.
      settle({ error: `cannot use the SSH credentials: ${error instanceof Error ? error.message : String(error)}`, retryable: false });
    }
  });
}

/** runAsRoot's standard input, as run-as-root.ts rootStdin makes it (repeated: this provider imports nothing). */
function rootStdinFor(secrets: NodeSshSecrets, payload?: string): string {
  return `${secrets.password ?? ""}\n${payload === undefined ? "" : `${payload}\n`}`;
}

/** A step's result, or an error naming the node and step with the step's stderr (never its stdout: it may hold a token). */
function checked(target: NodeSshTarget, step: string, r: RemoteResult, showStdout: boolean): RemoteResult {
  if (r.code === 0) return r;
  const shown = showStdout && r.stdout.trim() ? `\n${r.stdout.trim()}` : "";
  throw new Error(`${target.name}: step ${step} failed (exit ${r.code ?? "signal"}):${shown}\n${r.stderr.trim()}`);
}

/** A fresh token on the control plane, then kubeadm join on the worker with it: the whole join, retryable. */
export async function joinWorker(inputs: WorkerJoinInputs): Promise<string> {
  const token = checked(inputs.controlPlane, "join-token", await runOnNode(inputs.controlPlane, inputs.credentials, inputs.tokenCommand, rootStdinFor(inputs.credentials), TOKEN_TIMEOUT_MS), false);
  const begin = token.stdout.indexOf(`${inputs.payloadBegin}\n`);
  const end = token.stdout.lastIndexOf(`\n${inputs.payloadEnd}\n`);
  if (begin < 0 || end < begin + inputs.payloadBegin.length) {
    throw new Error(`${inputs.controlPlane.name}: step join-token printed no join command between kube-fabric's markers (not shown: it may hold a token)`);
  }
  const joinLine = token.stdout.slice(begin + inputs.payloadBegin.length + 1, end).trim();
  const joined = checked(inputs.worker, "kubeadm-join", await runOnNode(inputs.worker, inputs.credentials, inputs.joinCommand, rootStdinFor(inputs.credentials, joinLine), JOIN_TIMEOUT_MS), true);
  return joined.stdout;
}

/** kubeadm reset on the worker (idempotent: nothing to do when it never joined). */
export async function resetWorker(props: WorkerJoinInputs): Promise<string> {
  return checked(props.worker, "kubeadm-reset", await runOnNode(props.worker, props.credentials, props.resetCommand, rootStdinFor(props.credentials), RESET_TIMEOUT_MS), true).stdout;
}

const JOIN_INPUTS: ReadonlyArray<keyof WorkerJoinInputs> = ["controlPlane", "worker", "credentials", "tokenCommand", "joinCommand", "resetCommand", "payloadBegin", "payloadEnd"];

export const workerJoinProvider: pulumi.dynamic.ResourceProvider<WorkerJoinInputs, WorkerJoinOutputs> = {
  async create(inputs) {
    const report = await joinWorker(inputs);
    return { id: `${inputs.worker.name}-kubeadm-join`, outs: { ...inputs, report } };
  },
  async diff(_id, olds, news) {
    const changed = JOIN_INPUTS.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    return { changes: changed.length > 0 };
  },
  // A changed script or endpoint runs the join again: on a joined worker it reports unchanged.
  async update(_id, _olds, news) {
    const report = await joinWorker(news);
    return { outs: { ...news, report } };
  },
  async delete(_id, props) {
    await resetWorker(props);
  },
};
