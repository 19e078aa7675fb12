// check(): the inputs validated with the plan's rules before any device is touched.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { utils as sshUtils } from "ssh2";
import { checkCliText, NAME_PATTERN, NAME_RULE } from "../../../model/cli-safe";
import { parseOpenSshPublicKey } from "../../../model/ssh-host-key";
import type { OwnedConfig } from "../../dialects/types";
import type { DialectName } from "../../../model/device-plan";
import { validateOwnedConfig } from "../config-tree/check";
import { ConfigTextError, parseConfigText } from "../config-tree/config-text";
import { configTextOf } from "./config-property";
import { asRecord, isUnknown } from "./props";
import type { SwitchConfigInputs, SwitchCredentials, SwitchOptions } from "./types";
import { holdsSecret, scrubDeviceText, SecretScrubber } from "../ssh/secrets";

type Failure = dynamic.CheckFailure;

const HOST_PATTERN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/;
const USERNAME_PATTERN = /^[A-Za-z_][A-Za-z0-9._-]{0,31}$/;

/** The owned lines of `config` (CLI text, indented as the device indents), or a failure naming the row. */
function checkConfig(value: unknown, failures: Failure[]): { text: string; owned: OwnedConfig } | null {
  const text = configTextOf(value);
  if (text === null) {
    failures.push({ property: "config", reason: "must be the owned lines as CLI text, one line per row, children indented" });
    return null;
  }
  try {
    const owned = parseConfigText(text);
    if (owned.length === 0) {
      failures.push({ property: "config", reason: "holds no line; a resource owns at least one (remove the resource instead)" });
      return null;
    }
    // The config is plain text in the state and in every preview: a line carrying a secret cannot be owned.
    const secretRows = text.split("\n").filter((row) => holdsSecret(row));
    for (const row of secretRows) {
      failures.push({
        property: "config",
        reason: `'${scrubDeviceText(row.trim())}' holds a secret, which would sit in plain text in the state and every preview; configure it outside kube-fabric`,
      });
    }
    if (secretRows.length > 0) return null;
    return { text, owned };
  } catch (error) {
    if (!(error instanceof ConfigTextError)) throw error;
    failures.push({ property: "config", reason: `${error.message}; indent each child line under its context line with spaces` });
    return null;
  }
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
 * reason. Returns normalised inputs (default port) when everything is known.
 */
export function checkInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: Failure[] } {
  const failures: Failure[] = [];
  if (isUnknown(news)) {
    // Preview with values computed by other resources: leave the checks for the real run; the config, when
    // known, is shown as given.
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

  const config = checkConfig(news.config, failures);
  if (config && (dialect === "eos" || dialect === "frr")) {
    for (const problem of validateOwnedConfig(dialect, config.owned)) {
      failures.push({ property: `config[${JSON.stringify(problem.path)}]`, reason: `${problem.message} — ${problem.fix}` });
    }
  }
  if (failures.length > 0 || config === null) return { inputs: news, failures };

  const inputs: SwitchConfigInputs = {
    device: device as string,
    dialect: dialect as DialectName,
    phase: phase as string,
    connection: { host: host as string, port: port as number, username: username as string, hostKey: (hostKey as string).trim() },
    credentials,
    config: config.text,
    options,
  };
  return { inputs: inputs as unknown as Record<string, unknown>, failures };
}
