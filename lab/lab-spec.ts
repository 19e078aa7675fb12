// What a lab is made of, and the checks run on it before anything is created (pure, no I/O).
import ipaddr from "ipaddr.js";
import { LabSpecError } from "./errors";
import { baselineLineProblem } from "./frr-router";
import { interfaceNameProblem } from "./netns";

export interface LabRouterSpec {
  /** Hostname and namespace suffix, e.g. "r1" or "leaf-1". */
  name: string;
  /** Extra baseline lines after `hostname` and `service integrated-vtysh-config` (default none). */
  config?: readonly string[];
  /**
   * Where an SSH login lands: "vtysh" (default; sshd's ForceCommand is vtysh) or "shell": an interactive
   * bash with the prompt `root@<name>:~# `, whose PATH holds a `vtysh` that opens this router's vtysh.
   */
  login?: LabLogin;
  /**
   * Text every login prints before its CLI starts, as a motd, a banner or the login's start-up files
   * would on a real device: written piece by piece, 0.2 s apart, so a piece may end mid-line (default none).
   */
  loginGreeting?: readonly string[];
}

export type LabLogin = "vtysh" | "shell";

export interface LabLinkEnd {
  router: string;
  /** Interface name inside the router's namespace, EOS style welcome: "Ethernet1". */
  interface: string;
  /** Optional address (CIDR) put on the kernel interface; leave it out when FRR is to configure it. */
  address?: string;
}

/** A point-to-point cable: a veth pair from one router's interface to another's. */
export interface LabLinkSpec {
  a: LabLinkEnd;
  b: LabLinkEnd;
}

export interface FrrLabSpec {
  routers: readonly LabRouterSpec[];
  links?: readonly LabLinkSpec[];
  /** IPv4/IPv6 forwarding inside each router namespace (default true: they are routers). */
  forwarding?: boolean;
  /** Per router: how long FRR and sshd may take to come up (default 30 s). */
  readyTimeoutMs?: number;
}

const ROUTER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;

/** Throws LabSpecError naming the first bad field; returns normally for a usable spec. */
export function validateLabSpec(spec: FrrLabSpec): void {
  if (!Array.isArray(spec.routers) || spec.routers.length === 0) {
    throw new LabSpecError("routers", "no routers given", "list at least one router, e.g. routers: [{ name: \"r1\" }]");
  }
  const routerNames = new Set<string>();
  spec.routers.forEach((router, index) => {
    const field = `routers[${index}].name`;
    if (typeof router.name !== "string" || !ROUTER_NAME.test(router.name)) {
      throw new LabSpecError(field, `${JSON.stringify(router.name)} is not a usable hostname`, "use 1-32 letters, digits or '-', starting with a letter");
    }
    if (routerNames.has(router.name)) {
      throw new LabSpecError(field, `router "${router.name}" appears twice`, "give every router its own name");
    }
    routerNames.add(router.name);
    if (router.login !== undefined && router.login !== "vtysh" && router.login !== "shell") {
      throw new LabSpecError(`routers[${index}].login`, `${JSON.stringify(router.login)} is not a login kind`, 'use "vtysh" (the default) or "shell"');
    }
    (router.loginGreeting ?? ([] as readonly string[])).forEach((piece: string, pieceIndex: number) => {
      if (typeof piece !== "string" || piece.includes("\u0000")) {
        throw new LabSpecError(`routers[${index}].loginGreeting[${pieceIndex}]`, "is not text without NUL bytes", "give each piece as a string");
      }
    });
    (router.config ?? ([] as readonly string[])).forEach((line: string, lineIndex: number) => {
      const problem = baselineLineProblem(line);
      if (problem) throw new LabSpecError(`routers[${index}].config[${lineIndex}]`, problem, "split it into one entry per line");
    });
  });

  const usedInterfaces = new Set<string>();
  (spec.links ?? []).forEach((link, index) => {
    for (const side of ["a", "b"] as const) {
      const end = link[side];
      const field = `links[${index}].${side}`;
      if (!end || !routerNames.has(end.router)) {
        throw new LabSpecError(`${field}.router`, `${JSON.stringify(end?.router)} is not one of the routers`, `use one of ${[...routerNames].join(", ")}`);
      }
      const nameProblem = interfaceNameProblem(end.interface);
      if (nameProblem) throw new LabSpecError(`${field}.interface`, nameProblem, "use a name like Ethernet1");
      const key = `${end.router}:${end.interface}`;
      if (usedInterfaces.has(key)) {
        throw new LabSpecError(`${field}.interface`, `${key} is already used by another link`, "give each link its own interface");
      }
      usedInterfaces.add(key);
      if (end.address !== undefined) {
        try {
          ipaddr.parseCIDR(end.address);
        } catch {
          throw new LabSpecError(`${field}.address`, `${JSON.stringify(end.address)} is not an address in CIDR form`, "write it like 10.0.0.0/31, or leave it out");
        }
      }
    }
  });
}
