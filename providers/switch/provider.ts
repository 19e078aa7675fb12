// The switch dynamic provider's implementation: check, diff, create, read, update, delete of the lines one
// resource owns on one device. Loaded at call time by the small serialised provider in switch-config.ts,
// so the state holds a path, not this code.

import { createHash } from "crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkCliText, NAME_PATTERN, NAME_RULE } from "../../components/plan/cli-safe";
import { parseOpenSshPublicKey } from "../../components/plan/ssh-host-key";
import { utils as sshUtils } from "ssh2";
import type { ConfigLine, DialectName, LinePath, OwnedConfig, PlannedChange } from "../dialects/types";
import { syntaxOf } from "../dialects/registry";
import { eosDriver } from "../dialects/eos/session";
import { frrDriver } from "../dialects/frr/session";
import { findLine, findOwned, formatDrift, lineDiff, parseRunningConfig, pathText, readOwned } from "./config-tree";
import { validateOwnedConfig } from "./config-tree-check";
import { TOP_LEVEL, contextKind, lineKey } from "./config-tree-syntax";
import { changeScript, restoreScript } from "./change-script";
import { ApplyReport, DeviceEndpoint, DialectDriver, withDeviceSession } from "./ssh-driver";
import { SshTimeouts } from "./ssh-connect";
import { VerificationError } from "./ssh-errors";
import { SecretScrubber } from "./ssh-secrets";
import type { TranscriptEntry } from "./ssh-shell";

// ------------------------------------------------------------------------------------------ the shapes

export interface SwitchConnection {
  host: string;
  port: number;
  username: string;
  /** Pinned OpenSSH public host key. */
  hostKey: string;
}

/** Secret: kept in its own top-level property so the whole of it is a Pulumi secret. */
export interface SwitchCredentials {
  password?: string;
  privateKey?: string;
  passphrase?: string;
  enablePassword?: string;
}

export interface SwitchOptions {
  /** EOS: commit with `commit timer` and confirm only after the change reads back right. */
  commitConfirmSeconds?: number;
  connectTimeoutSeconds?: number;
  commandTimeoutSeconds?: number;
  /** Connection attempts in total (connection failures only). */
  connectAttempts?: number;
}

/**
 * The owned lines keyed for reading in `pulumi preview --diff`: a context line's text → its lines; a line's
 * setting (e.g. `ip address`) → the line. A changed value shows as an update of that key.
 */
export interface OwnedLineView {
  [key: string]: string | OwnedLineView;
}

/** What check() returns and every other method receives as inputs. */
export interface SwitchConfigInputs {
  device: string;
  dialect: DialectName;
  phase: string;
  connection: SwitchConnection;
  credentials: SwitchCredentials;
  ownedConfig: OwnedConfig;
  ownedConfigLines: OwnedLineView;
  options: SwitchOptions;
}

export interface LastChange {
  /** The lines typed in configuration mode. */
  lines: string[];
  /** EOS: `show session-config named … diffs`; null on FRR. */
  deviceDiff: string | null;
  savedToStartup: boolean;
  warnings: string[];
}

export interface SwitchConfigOutputs extends SwitchConfigInputs {
  /** Owned lines that were on the device before we owned them: delete leaves them. */
  adopted: string[][];
  /** Owned lines changed or removed by hand, as found by the last read (empty after create/update). */
  drift: string[];
  lastChange: LastChange | null;
}

/** The property paths whose change means another device: replace, never update. */
export const IDENTITY_PROPERTIES = ["device", "dialect", "connection.host", "connection.port"] as const;

const DRIVERS: Record<DialectName, DialectDriver> = { eos: eosDriver, frr: frrDriver };

/** Pulumi's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// ------------------------------------------------------------------------------------------- check

type Failure = dynamic.CheckFailure;

function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const HOST_PATTERN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/;
const USERNAME_PATTERN = /^[A-Za-z_][A-Za-z0-9._-]{0,31}$/;

function checkOwnedShape(value: unknown, where: string, failures: Failure[]): value is OwnedConfig {
  if (!Array.isArray(value)) {
    failures.push({ property: where, reason: "must be a list of lines ({ text, children })" });
    return false;
  }
  let ok = true;
  value.forEach((line: unknown, index) => {
    const entry = asRecord(line);
    if (typeof entry.text !== "string") {
      failures.push({ property: `${where}[${index}].text`, reason: "must be the line's text" });
      ok = false;
      return;
    }
    const children = entry.children ?? [];
    if (!checkOwnedShape(children, `${where}[${index}].children`, failures)) ok = false;
  });
  return ok;
}

function normaliseOwned(owned: readonly ConfigLine[]): OwnedConfig {
  return owned.map((line) => ({ text: line.text, children: normaliseOwned(line.children ?? []) }));
}

function checkCredentials(device: string, credentials: Record<string, unknown>, failures: Failure[]): SwitchCredentials {
  const out: SwitchCredentials = {};
  for (const field of ["password", "privateKey", "passphrase", "enablePassword"] as const) {
    const value = credentials[field];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "string") failures.push({ property: `connection.${field}`, reason: "must be a string" });
    else out[field] = value;
  }
  for (const field of ["password", "enablePassword"] as const) {
    // Typed at a Password: prompt: a line break would end it early and type the rest as a command.
    if (out[field] !== undefined && /[\r\n\u0000]/.test(out[field] as string)) {
      failures.push({ property: `connection.${field}`, reason: "contains a line break or NUL, which cannot be typed at a prompt" });
    }
  }
  if (out.password === undefined && out.privateKey === undefined) {
    failures.push({ property: "connection", reason: `switch ${device}: give connection.password or connection.privateKey (as a Pulumi secret)` });
  }
  if (out.privateKey !== undefined) {
    const parsed = sshUtils.parseKey(out.privateKey, out.passphrase);
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (key instanceof Error || key === undefined) {
      // ssh2's reason names the format problem, never the key material.
      const reason = key instanceof Error ? new SecretScrubber([out.privateKey, out.passphrase]).scrub(key.message) : "no key found";
      failures.push({ property: "connection.privateKey", reason: `is not a usable OpenSSH/PEM private key (${reason}); a passphrase goes in connection.passphrase` });
    } else if (key.isPrivateKey && !key.isPrivateKey()) {
      failures.push({ property: "connection.privateKey", reason: "is a public key; give the private key" });
    }
  }
  return out;
}

function checkOptions(dialect: string, options: Record<string, unknown>, failures: Failure[]): SwitchOptions {
  const out: SwitchOptions = {};
  const integer = (field: keyof SwitchOptions, min: number, max: number) => {
    const value = options[field];
    if (value === undefined || value === null) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      failures.push({ property: `options.${field}`, reason: `must be a whole number from ${min} to ${max}` });
      return;
    }
    out[field] = value;
  };
  integer("commitConfirmSeconds", 1, 86_400);
  integer("connectTimeoutSeconds", 1, 600);
  integer("commandTimeoutSeconds", 1, 3_600);
  integer("connectAttempts", 1, 10);
  if (out.commitConfirmSeconds !== undefined && dialect !== "eos") {
    failures.push({ property: "options.commitConfirmSeconds", reason: `${dialect} has no commit timer (EOS only); remove it` });
  }
  return out;
}

/**
 * Validates the inputs with the plan's rules before any device is touched. Secrets never appear in a
 * reason. Returns normalised inputs (default port, the keyed line view) when everything is known.
 */
export function checkInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: Failure[] } {
  const failures: Failure[] = [];
  if (isUnknown(news)) {
    // Preview with values computed by other resources: leave the checks for the real run, but keep the line
    // view when the lines are known, so the preview still shows which lines change.
    const dialect = news.dialect;
    const known = (dialect === "eos" || dialect === "frr") && !isUnknown(news.ownedConfig) && Array.isArray(news.ownedConfig);
    if (known && checkOwnedShape(news.ownedConfig, "ownedConfig", [])) {
      return { inputs: { ...news, ownedConfigLines: ownedLineView(dialect, normaliseOwned(news.ownedConfig as OwnedConfig)) }, failures };
    }
    return { inputs: news, failures };
  }
  const device = news.device;
  if (typeof device !== "string" || !NAME_PATTERN.test(device)) {
    failures.push({ property: "device", reason: `must be ${NAME_RULE}` });
  }
  const dialect = news.dialect;
  if (dialect !== "eos" && dialect !== "frr") failures.push({ property: "dialect", reason: "must be 'eos' or 'frr'" });
  const phase = news.phase;
  if (typeof phase !== "string" || !NAME_PATTERN.test(phase)) failures.push({ property: "phase", reason: `must be ${NAME_RULE}` });

  const connection = asRecord(news.connection);
  const host = connection.host;
  if (typeof host !== "string" || !HOST_PATTERN.test(host)) {
    failures.push({ property: "connection.host", reason: "must be a hostname or an IP address" });
  }
  const port = connection.port ?? 22;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65_535) {
    failures.push({ property: "connection.port", reason: "must be a TCP port (1-65535)" });
  }
  const username = connection.username;
  if (typeof username !== "string" || !USERNAME_PATTERN.test(username)) {
    failures.push({ property: "connection.username", reason: "must be a login name (letters, digits, '.', '_', '-')" });
  } else {
    const safety = checkCliText(username);
    if (!safety.ok) failures.push({ property: "connection.username", reason: safety.reason });
  }
  const hostKey = connection.hostKey;
  if (typeof hostKey !== "string") {
    failures.push({ property: "connection.hostKey", reason: "must be the device's pinned OpenSSH public host key ('ssh-ed25519 AAAA...')" });
  } else {
    const parsed = parseOpenSshPublicKey(hostKey);
    if (!parsed.ok) {
      failures.push({ property: "connection.hostKey", reason: `${parsed.reason}; use the device's key line, e.g. from 'ssh-keyscan -t ed25519 <host>' checked out of band` });
    }
  }
  const credentials = checkCredentials(String(device), asRecord(news.credentials), failures);
  const options = checkOptions(String(dialect), asRecord(news.options), failures);

  let ownedConfig: OwnedConfig = [];
  if (checkOwnedShape(news.ownedConfig, "ownedConfig", failures)) {
    ownedConfig = normaliseOwned(news.ownedConfig);
    if (dialect === "eos" || dialect === "frr") {
      for (const problem of validateOwnedConfig(dialect, ownedConfig)) {
        failures.push({ property: `ownedConfig[${JSON.stringify(problem.path)}]`, reason: `${problem.message} — ${problem.fix}` });
      }
    }
  }
  if (failures.length > 0) return { inputs: news, failures };

  const inputs: SwitchConfigInputs = {
    device: device as string,
    dialect: dialect as DialectName,
    phase: phase as string,
    connection: { host: host as string, port: port as number, username: username as string, hostKey: (hostKey as string).trim() },
    credentials,
    ownedConfig,
    ownedConfigLines: ownedLineView(dialect as DialectName, ownedConfig),
    options,
  };
  return { inputs: inputs as unknown as Record<string, unknown>, failures };
}

// ------------------------------------------------------------------------------------ the line view

/** How a line is keyed in the view: context lines by their text, other lines by their setting. */
function viewKey(dialect: DialectName, kind: string, line: ConfigLine, taken: Set<string>): string {
  if (line.children.length > 0) return line.text;
  const key = lineKey(syntaxOf(dialect), kind, line.text);
  // Settings that take several values (static routes, secondary addresses) fall back to the whole line.
  return taken.has(key) ? line.text : key;
}

export function ownedLineView(dialect: DialectName, owned: readonly ConfigLine[], kind: string = TOP_LEVEL): OwnedLineView {
  const view: OwnedLineView = {};
  const taken = new Set<string>();
  for (const line of owned) {
    const key = viewKey(dialect, kind, line, taken);
    taken.add(key);
    view[key] = line.children.length > 0 ? ownedLineView(dialect, line.children, contextKind(syntaxOf(dialect), kind, line.text)) : line.text;
  }
  return view;
}

/** A property path into the view: `ownedConfigLines["interface Ethernet2"]["ip address"]`. */
function viewPath(keys: readonly string[]): string {
  return "ownedConfigLines" + keys.map((key) => `[${JSON.stringify(key)}]`).join("");
}

type DiffKind = "add" | "delete" | "update" | "add-replace" | "delete-replace" | "update-replace";
export interface PropertyDiff {
  kind: DiffKind;
  inputDiff: boolean;
}

/** Which owned lines change, keyed by where they sit in the view: a line whose setting stays is an update. */
export function ownedLinesDetailedDiff(dialect: DialectName, before: OwnedConfig, after: OwnedConfig): Record<string, PropertyDiff> {
  const detailed: Record<string, PropertyDiff> = {};
  const compare = (oldView: OwnedLineView | undefined, newView: OwnedLineView | undefined, keys: string[]) => {
    const names = new Set([...Object.keys(oldView ?? {}), ...Object.keys(newView ?? {})]);
    for (const name of names) {
      const oldValue = oldView?.[name];
      const newValue = newView?.[name];
      const path = [...keys, name];
      if (oldValue === undefined) detailed[viewPath(path)] = { kind: "add", inputDiff: true };
      else if (newValue === undefined) detailed[viewPath(path)] = { kind: "delete", inputDiff: true };
      else if (typeof oldValue === "string" || typeof newValue === "string") {
        if (oldValue !== newValue) detailed[viewPath(path)] = { kind: "update", inputDiff: true };
      } else compare(oldValue, newValue, path);
    }
  };
  compare(ownedLineView(dialect, before), ownedLineView(dialect, after), []);
  return detailed;
}

// -------------------------------------------------------------------------------------------- diff

function identityChanges(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const get = (props: Record<string, unknown>, path: string) => path.split(".").reduce<unknown>((value, key) => asRecord(value)[key], props);
  return IDENTITY_PROPERTIES.filter((path) => {
    const oldValue = get(olds, path);
    const newValue = get(news, path);
    return oldValue !== undefined && newValue !== UNKNOWN && oldValue !== newValue;
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export interface SwitchDiff extends dynamic.DiffResult {
  /** Per owned line (and per other changed property); the Node dynamic-provider host of Pulumi 3.260 does not forward it. */
  detailedDiff: Record<string, PropertyDiff>;
}

export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): SwitchDiff {
  const replaces = identityChanges(olds, news);
  const detailed: Record<string, PropertyDiff> = {};
  for (const path of replaces) detailed[path] = { kind: "update-replace", inputDiff: true };
  const dialect = (news.dialect === "frr" || news.dialect === "eos" ? news.dialect : "eos") as DialectName;
  if (isUnknown(news.ownedConfig)) detailed.ownedConfig = { kind: "update", inputDiff: true };
  else if (!same(olds.ownedConfig, news.ownedConfig)) {
    Object.assign(detailed, ownedLinesDetailedDiff(dialect, (olds.ownedConfig ?? []) as OwnedConfig, news.ownedConfig as OwnedConfig));
    if (Object.keys(detailed).length === replaces.length) detailed.ownedConfig = { kind: "update", inputDiff: true }; // reordered only
  }
  const oldConnection = asRecord(olds.connection);
  const newConnection = asRecord(news.connection);
  for (const field of ["username", "hostKey"]) {
    if (!same(oldConnection[field], newConnection[field])) detailed[`connection.${field}`] = { kind: "update", inputDiff: true };
  }
  // Compared, never shown: the value is secret.
  if (!same(olds.credentials, news.credentials)) detailed.credentials = { kind: "update", inputDiff: true };
  if (!same(olds.options, news.options)) detailed.options = { kind: "update", inputDiff: true };
  if (!same(olds.phase, news.phase)) detailed.phase = { kind: "update", inputDiff: true };
  const changes = Object.keys(detailed).length > 0;
  return {
    changes,
    replaces,
    deleteBeforeReplace: replaces.length > 0,
    detailedDiff: detailed,
  };
}

// --------------------------------------------------------------------------------- device operations

export interface ProviderHooks {
  /** Every CLI command and its output (secrets excluded), e.g. for debugging. */
  onTranscript?: (entry: TranscriptEntry) => void;
  /** Operational messages (device diffs, warnings). */
  log?: (message: string) => void;
}

let hooks: ProviderHooks = {};

/** For tests and the bench: observe the CLI traffic of this process's provider. */
export function setProviderHooks(next: ProviderHooks): void {
  hooks = next;
}

function endpointOf(inputs: SwitchConfigInputs): DeviceEndpoint {
  return {
    device: inputs.device,
    host: inputs.connection.host,
    port: inputs.connection.port,
    username: inputs.connection.username,
    hostKey: inputs.connection.hostKey,
    ...inputs.credentials,
  };
}

function timeoutsOf(options: SwitchOptions): Partial<SshTimeouts> {
  const timeouts: Partial<SshTimeouts> = {};
  if (options.connectTimeoutSeconds !== undefined) timeouts.connectTimeoutMs = options.connectTimeoutSeconds * 1000;
  if (options.commandTimeoutSeconds !== undefined) timeouts.commandTimeoutMs = options.commandTimeoutSeconds * 1000;
  if (options.connectAttempts !== undefined) timeouts.connectAttempts = options.connectAttempts;
  return timeouts;
}

/** Short id of a resource, for EOS config-session names. */
export function resourceShortId(device: string, phase: string): string {
  return createHash("sha256").update(`${device}/${phase}`).digest("hex").slice(0, 8);
}

export function resourceId(device: string, phase: string): string {
  return `${device}/${phase}`;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((text, i) => text.trim().replace(/\s+/g, " ") === b[i].trim().replace(/\s+/g, " "));
}

/** The leaf lines (no children) of a tree, by path. */
function leafPaths(tree: readonly ConfigLine[], parent: string[] = []): string[][] {
  return tree.flatMap((line) => {
    const path = [...parent, line.text];
    return line.children.length === 0 ? [path] : leafPaths(line.children, path);
  });
}

/** True when the running config has a line at this path (contexts and line compared as the device spells them). */
function runsAt(dialect: DialectName, running: readonly ConfigLine[], path: LinePath): boolean {
  const syntax = syntaxOf(dialect);
  let list: readonly ConfigLine[] = running;
  for (let i = 0; i < path.length; i++) {
    const found = findLine(syntax, list, path[i]);
    if (!found) return false;
    if (i === path.length - 1) return true;
    list = found.children;
  }
  return false;
}

/**
 * What must hold after a change: every line of `after` runs as owned, and every leaf line we removed
 * (owned before, not after, not adopted) is gone.
 */
export function verifierFor(dialect: DialectName, before: OwnedConfig, after: OwnedConfig, adopted: readonly LinePath[]): (runningText: string) => string[] {
  const stillOwned = lineDiff([], after).added;
  const removed = leafPaths(before).filter((path) => !stillOwned.some((p) => samePath(p, path)) && !adopted.some((p) => samePath(p, path)));
  return (runningText) => {
    const running = parseRunningConfig(dialect, runningText);
    const problems = formatDrift(findOwned(dialect, running, after));
    const leftovers = removed.filter((path) => runsAt(dialect, running, path)).map((path) => `${pathText(path)}: still present after its removal`);
    return [...problems, ...leftovers];
  };
}

interface ChangeOutcome {
  planned: PlannedChange;
  report: ApplyReport | null;
}

/** One SSH session: read the running config, plan the change against it, apply it, prove it. */
async function changeDevice(
  inputs: SwitchConfigInputs,
  before: OwnedConfig,
  after: OwnedConfig,
  adopted: readonly LinePath[],
): Promise<ChangeOutcome> {
  const driver = DRIVERS[inputs.dialect];
  return withDeviceSession(endpointOf(inputs), driver, { timeouts: timeoutsOf(inputs.options), onTranscript: hooks.onTranscript }, async (session) => {
    const runningText = await session.runningConfig();
    const running = parseRunningConfig(inputs.dialect, runningText);
    const planned = changeScript(inputs.dialect, running, before, after, { adopted });
    const verify = verifierFor(inputs.dialect, before, after, [...adopted, ...planned.adopted]);
    if (planned.lines.length === 0) {
      const problems = verify(runningText);
      if (problems.length > 0) throw new VerificationError(inputs.device, problems, "nothing was typed (the planned change is empty); the device was not touched");
      return { planned, report: null };
    }
    const report = await session.apply({
      resourceShortId: resourceShortId(inputs.device, inputs.phase),
      script: planned,
      runningBefore: runningText,
      verify,
      commitConfirmSeconds: inputs.options.commitConfirmSeconds,
      restoreLines: (currentText) => restoreScript(inputs.dialect, parseRunningConfig(inputs.dialect, currentText), running),
    });
    if (report.deviceDiff) hooks.log?.(`switch ${inputs.device} (${inputs.phase}): ${report.deviceDiff}`);
    for (const warning of report.warnings) hooks.log?.(`switch ${inputs.device} (${inputs.phase}): ${warning}`);
    return { planned, report };
  });
}

function lastChangeOf(outcome: ChangeOutcome): LastChange | null {
  if (!outcome.report) return null;
  return {
    lines: outcome.planned.lines,
    deviceDiff: outcome.report.deviceDiff,
    savedToStartup: outcome.report.saved,
    warnings: outcome.report.warnings,
  };
}

function mergeAdopted(previous: readonly LinePath[], planned: readonly LinePath[], after: OwnedConfig): string[][] {
  const owned = lineDiff([], after).added;
  const all: string[][] = [];
  for (const path of [...previous, ...planned]) {
    if (!owned.some((p) => samePath(p, path))) continue; // no longer owned: no longer adopted
    if (!all.some((p) => samePath(p, path))) all.push([...path]);
  }
  return all;
}

/** Inputs as check() produced them, also from the state of an older provider version. */
function inputsOf(props: Record<string, unknown>): SwitchConfigInputs {
  const connection = asRecord(props.connection);
  const dialect = props.dialect as DialectName;
  const ownedConfig = normaliseOwned((props.ownedConfig ?? []) as OwnedConfig);
  return {
    device: String(props.device),
    dialect,
    phase: String(props.phase),
    connection: {
      host: String(connection.host),
      port: Number(connection.port ?? 22),
      username: String(connection.username),
      hostKey: String(connection.hostKey),
    },
    credentials: asRecord(props.credentials) as SwitchCredentials,
    ownedConfig,
    ownedConfigLines: ownedLineView(dialect, ownedConfig),
    options: asRecord(props.options) as SwitchOptions,
  };
}

function outputsOf(inputs: SwitchConfigInputs, extra: Pick<SwitchConfigOutputs, "adopted" | "drift" | "lastChange">): SwitchConfigOutputs {
  return { ...inputs, ...extra };
}

// --------------------------------------------------------------------------------------- the provider

export async function create(props: Record<string, unknown>): Promise<dynamic.CreateResult<SwitchConfigOutputs>> {
  const inputs = inputsOf(props);
  const outcome = await changeDevice(inputs, [], inputs.ownedConfig, []);
  return {
    id: resourceId(inputs.device, inputs.phase),
    outs: outputsOf(inputs, { adopted: mergeAdopted([], outcome.planned.adopted, inputs.ownedConfig), drift: [], lastChange: lastChangeOf(outcome) }),
  };
}

export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<dynamic.UpdateResult<SwitchConfigOutputs>> {
  const previous = inputsOf(olds);
  const inputs = inputsOf(news);
  const adopted = ((olds.adopted ?? []) as string[][]).map((p) => [...p]);
  const outcome = await changeDevice(inputs, previous.ownedConfig, inputs.ownedConfig, adopted);
  return {
    outs: outputsOf(inputs, {
      adopted: mergeAdopted(adopted, outcome.planned.adopted, inputs.ownedConfig),
      drift: [],
      lastChange: lastChangeOf(outcome) ?? ((olds.lastChange ?? null) as LastChange | null),
    }),
  };
}

export async function remove(_id: string, props: Record<string, unknown>): Promise<void> {
  const inputs = inputsOf(props);
  const adopted = ((props.adopted ?? []) as string[][]).map((p) => [...p]);
  await changeDevice(inputs, inputs.ownedConfig, [], adopted);
}

export async function read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult<SwitchConfigOutputs | SwitchConfigInputs>> {
  const stored = inputsOf(props);
  const driver = DRIVERS[stored.dialect];
  const runningText = await withDeviceSession(endpointOf(stored), driver, { timeouts: timeoutsOf(stored.options), onTranscript: hooks.onTranscript }, (session) =>
    session.runningConfig(),
  );
  const running = parseRunningConfig(stored.dialect, runningText);
  const actual = readOwned(stored.dialect, running, stored.ownedConfig);
  const drift = formatDrift(findOwned(stored.dialect, running, stored.ownedConfig));
  for (const line of drift) hooks.log?.(`switch ${stored.device} (${stored.phase}): drift: ${line}`);
  const refreshed: SwitchConfigInputs = { ...stored, ownedConfig: actual, ownedConfigLines: ownedLineView(stored.dialect, actual) };
  const outs = outputsOf(refreshed, {
    adopted: ((props.adopted ?? []) as string[][]).map((p) => [...p]),
    drift,
    lastChange: (props.lastChange ?? null) as LastChange | null,
  });
  return { id, props: outs, inputs: refreshed };
}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  return checkInputs(news);
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<SwitchDiff> {
  return diffInputs(olds, news);
}

/** The implementation switch-config.ts's serialised provider forwards to. */
export const switchProvider = { check, diff, create, read, update, delete: remove };
