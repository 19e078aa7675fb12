// The shape of kube-fabric:topology, as data: the reader checks types and unknown fields against it,
// and the README's config reference is printed from it (scripts/config-reference.ts, `npm run config-reference`).

export type FieldSpec =
  | { kind: "string"; doc: string; example: string }
  | { kind: "integer"; doc: string; example: string; min: number; max: number }
  | { kind: "boolean"; doc: string; example: string }
  | { kind: "enum"; doc: string; example: string; values: readonly string[] }
  | { kind: "object"; doc: string; fields: Record<string, Field> }
  | { kind: "array"; doc: string; of: FieldSpec; minItems: number }
  /** Keys the user chooses (e.g. registry hosts), each holding an `of`; `example` is one whole entry. */
  | { kind: "map"; doc: string; keyName: string; example: string; of: FieldSpec };

export type Field = FieldSpec & { optional?: boolean };

const sshEndpoint = (what: string): Field => ({
  kind: "object",
  doc: `How kube-fabric reaches the ${what} over SSH (management network, never the fabric).`,
  fields: {
    host: { kind: "string", doc: "Management address or DNS name.", example: "192.168.122.11" },
    port: { kind: "integer", doc: "SSH port.", example: "22", min: 1, max: 65535, optional: true },
    hostKey: {
      kind: "string",
      doc: "Pinned OpenSSH host key: `ssh-keyscan -t ed25519 HOST` without the host column.",
      example: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI...",
    },
    username: { kind: "string", doc: "Overrides credentials.*Username for this one.", example: "admin", optional: true },
  },
});

const dialect: Field = {
  kind: "enum",
  doc: "Device type: Arista EOS or FRRouting (vtysh).",
  example: "eos",
  values: ["eos", "frr"],
  optional: true,
};

const asn = (who: string): Field => ({
  kind: "integer",
  doc: `AS number of the ${who} (explicit ASNs; pooled ASNs come from asns.*).`,
  example: who === "leaf" ? "65011" : "65000",
  min: 1,
  max: 4294967295,
  optional: true,
});

const id = (who: string): Field => ({
  kind: "integer",
  doc: `Stable index of the ${who} for pooled addressing and ASNs; defaults to its position in the list (1-based).`,
  example: "1",
  min: 1,
  max: 100000,
  optional: true,
});

const ipv4 = (doc: string, example: string, optional = true): Field => ({ kind: "string", doc, example, optional });

const attachment = {
  leaf: { kind: "string", doc: "The leaf it is cabled to.", example: "Leaf-1" } as Field,
  leafPort: { kind: "string", doc: "The leaf port it is cabled to.", example: "Ethernet2" } as Field,
  subnet: ipv4("The link's /31 (explicit addressing); the leaf takes the even address.", "10.0.11.0/31"),
};

const asnRange = (doc: string, first: string, last: string): Field => ({
  kind: "object",
  doc,
  optional: true,
  fields: {
    first: { kind: "integer", doc: "First AS number of the range.", example: first, min: 1, max: 4294967295 },
    last: { kind: "integer", doc: "Last AS number of the range.", example: last, min: 1, max: 4294967295 },
  },
});

export const TOPOLOGY_SCHEMA: FieldSpec = {
  kind: "object",
  doc: "The whole lab: kube-fabric:topology in Pulumi.<stack>.yaml.",
  fields: {
    addressing: {
      kind: "object",
      doc: "How links and loopbacks get their addresses.",
      fields: {
        mode: {
          kind: "enum",
          doc: "explicit: every /31 written out; pooled: cut from p2pPool, netlab style.",
          example: "explicit",
          values: ["explicit", "pooled"],
        },
        p2pPool: ipv4("Pooled: the prefix cut into /31s.", "10.0.0.0/16"),
        loopbackPool: ipv4("Pooled: the prefix cut into /32 loopbacks (router ids).", "10.255.0.0/24"),
        maxSpines: { kind: "integer", doc: "Pooled: spines the layout leaves room for.", example: "4", min: 1, max: 64, optional: true },
        maxLeaves: { kind: "integer", doc: "Pooled: leaves the layout leaves room for.", example: "32", min: 1, max: 4096, optional: true },
        portsPerLeaf: {
          kind: "integer",
          doc: "Pooled: server ports per leaf; a server's /31 follows from its leaf and port number.",
          example: "64",
          min: 1,
          max: 1024,
          optional: true,
        },
      },
    },
    asns: {
      kind: "object",
      doc: "Pooled AS numbers (leaf N by id gets leaves.first + N - 1).",
      optional: true,
      fields: {
        leaves: asnRange("AS numbers for leaves.", "65011", "65099"),
        nodes: asnRange("AS numbers for Kubernetes nodes.", "65000", "65010"),
      },
    },
    ospf: {
      kind: "object",
      doc: "The underlay's OSPF.",
      optional: true,
      fields: {
        processId: { kind: "integer", doc: "OSPF process id.", example: "1", min: 1, max: 65535, optional: true },
        area: ipv4("OSPF area, dotted.", "0.0.0.0"),
      },
    },
    spines: {
      kind: "array",
      doc: "Spine switches.",
      minItems: 1,
      of: {
        kind: "object",
        doc: "One spine.",
        fields: {
          name: { kind: "string", doc: "Hostname.", example: "Spine-1" },
          dialect,
          id: id("spine"),
          mgmt: sshEndpoint("spine"),
          routerId: ipv4("OSPF router id; defaults to the loopback, else its first fabric address.", "10.255.0.1"),
          loopback: ipv4("Loopback0 address (explicit addressing).", "10.255.0.1"),
          internetUplink: {
            kind: "object",
            doc: "The spine's way out: its static default is redistributed into OSPF.",
            optional: true,
            fields: {
              interface: { kind: "string", doc: "Port towards the internet.", example: "Ethernet4" },
              address: { kind: "string", doc: "`dhcp` or an address with prefix length.", example: "dhcp" },
              defaultGateway: { kind: "string", doc: "Next hop of the static default.", example: "10.0.137.1" },
            },
          },
        },
      },
    },
    leaves: {
      kind: "array",
      doc: "Leaf switches.",
      minItems: 1,
      of: {
        kind: "object",
        doc: "One leaf.",
        fields: {
          name: { kind: "string", doc: "Hostname.", example: "Leaf-1" },
          dialect,
          id: id("leaf"),
          asn: asn("leaf"),
          mgmt: sshEndpoint("leaf"),
          routerId: ipv4("Router id; defaults to the loopback, else its first uplink address.", "10.255.0.11"),
          loopback: ipv4("Loopback0 address (explicit addressing).", "10.255.0.11"),
          uplinks: {
            kind: "array",
            doc: "Links to spines.",
            minItems: 1,
            of: {
              kind: "object",
              doc: "One uplink.",
              fields: {
                spine: { kind: "string", doc: "The spine at the other end.", example: "Spine-1" },
                port: { kind: "string", doc: "Port on this leaf.", example: "Ethernet1" },
                spinePort: { kind: "string", doc: "Port on the spine.", example: "Ethernet1" },
                subnet: ipv4("The link's /31 (explicit addressing); the spine takes the even address.", "10.11.99.0/31"),
              },
            },
          },
        },
      },
    },
    nodes: {
      kind: "array",
      doc: "Kubernetes nodes (Ubuntu 22.04/24.04 or Debian 12).",
      minItems: 1,
      of: {
        kind: "object",
        doc: "One node.",
        fields: {
          name: { kind: "string", doc: "Hostname and Kubernetes node name.", example: "k-master" },
          role: { kind: "enum", doc: "Exactly one control-plane node.", example: "control-plane", values: ["control-plane", "worker"] },
          id: id("node"),
          asn: asn("node"),
          ...attachment,
          nic: { kind: "string", doc: "The node's fabric NIC.", example: "ens3" },
          fabricRoute: ipv4("What the node routes via its leaf: `default` or a prefix.", "10.0.0.0/8"),
          ssh: sshEndpoint("node"),
        },
      },
    },
    hosts: {
      kind: "array",
      doc: "Other servers on the fabric (no Kubernetes), e.g. the seed's client.",
      minItems: 0,
      optional: true,
      of: {
        kind: "object",
        doc: "One host.",
        fields: {
          name: { kind: "string", doc: "Hostname.", example: "client" },
          ...attachment,
          nic: { kind: "string", doc: "Its NIC (documentation only).", example: "ens3", optional: true },
        },
      },
    },
    kubernetes: {
      kind: "object",
      doc: "The cluster.",
      fields: {
        version: { kind: "string", doc: "kubeadm version; packages come from its minor.", example: "1.28.15" },
        podCidr: { kind: "string", doc: "Calico's pod CIDR.", example: "10.66.0.0/16" },
        blockSize: { kind: "integer", doc: "Per-node pod block prefix length (Calico: 20-32).", example: "24", min: 0, max: 128 },
        serviceCidr: { kind: "string", doc: "Service CIDR.", example: "10.96.0.0/12" },
        controlPlaneEndpoint: ipv4("API endpoint; defaults to the control-plane node's fabric address.", "10.0.11.1"),
        provision: {
          kind: "enum",
          doc: "kubeadm: kube-fabric prepares the nodes and runs kubeadm init/join; existing: the cluster exists (kubeconfig in the secret kube-fabric:kubeconfig), only the nodes' fabric NIC is configured.",
          example: "kubeadm",
          values: ["kubeadm", "existing"],
          optional: true,
        },
        apiAccess: {
          kind: "object",
          doc: "How the machine that runs pulumi reaches the API server (the Calico stage's clients), when the fabric is not routed to it; default the control-plane endpoint on 6443.",
          optional: true,
          fields: {
            host: { kind: "string", doc: "A name the API server's certificate carries: the endpoint, or the control plane's fabric or management address (ssh.host).", example: "192.168.122.21" },
            port: { kind: "integer", doc: "Port.", example: "6443", min: 1, max: 65535, optional: true },
          },
        },
        packageRepository: {
          kind: "object",
          doc: "Where the nodes get kubeadm, kubelet and kubectl (a local mirror, an air-gapped site); default pkgs.k8s.io of the version's minor.",
          optional: true,
          fields: {
            url: {
              kind: "string",
              doc: "The repository's directory: http(s), ending in '/', laid out like pkgs.k8s.io's (a flat repository, `deb [signed-by=…] URL /`).",
              example: "http://10.9.0.1:8080/kubernetes/v1.28/deb/",
            },
            keyUrl: {
              kind: "string",
              doc: "Its ASCII-armoured signing key; default the url's Release.key, as pkgs.k8s.io serves it.",
              example: "http://10.9.0.1:8080/kubernetes/v1.28/deb/Release.key",
              optional: true,
            },
          },
        },
        registryMirrors: {
          kind: "map",
          doc: "Container image mirrors per registry host (e.g. registry.k8s.io, docker.io, quay.io, 10.9.0.1:5000): containerd pulls from them before the registry itself (a hosts.toml per registry in /etc/containerd/certs.d).",
          keyName: "registry",
          example: "docker.io: [http://10.9.0.1:5000]",
          optional: true,
          of: {
            kind: "array",
            doc: "That registry's mirrors, tried in order: http(s), host and port, no path.",
            minItems: 1,
            of: { kind: "string", doc: "One mirror.", example: "http://10.9.0.1:5000" },
          },
        },
      },
    },
    calico: {
      kind: "object",
      doc: "The CNI.",
      fields: {
        version: { kind: "string", doc: "Calico release; default 3.28.5, the release the cluster tier proves (README: Calico). Another release is accepted, with a warning in preview and up.", example: "3.28.5", optional: true },
        routing: {
          kind: "enum",
          doc: "Set to run the Calico stage (needs kubernetes.provision existing and the secret kube-fabric:kubeconfig). tor: eBGP with the leaves, no mesh, no encapsulation; overlay: Calico's defaults (full mesh, IPIP). Switching it moves a live cluster loss-free (README: Calico).",
          example: "tor",
          values: ["overlay", "tor"],
          optional: true,
        },
        start: {
          kind: "enum",
          doc: "What the cluster runs before kube-fabric takes Calico over: fresh (no Calico: installed straight into tor, a pinned pool per node) or defaults (Calico's defaults; its allocated blocks are kept and the leaves accept its pool).",
          example: "fresh",
          values: ["fresh", "defaults"],
          optional: true,
        },
        manifest: {
          kind: "string",
          doc: "The release's calico.yaml (a file or URL); default the release's own on GitHub. A local copy where the cluster has no internet.",
          example: "/srv/calico/v3.28.5/calico.yaml",
          optional: true,
        },
        awaitRollout: {
          kind: "boolean",
          doc: "Whether `pulumi up` waits for calico-node and calico-kube-controllers to roll out (the Kubernetes provider's await; default true). false: it does not (Pulumi's skipAwait), e.g. where the rollout is watched by other means or pods are not run by a kubelet (the namespace lab); the Calico stage's gates still judge every leaf and node before each step.",
          example: "true",
          optional: true,
        },
        gateTimeoutSeconds: {
          kind: "integer",
          doc: "How long each gate of the Calico stage polls the leaves or nodes before it stops the chain.",
          example: "300",
          min: 10,
          max: 3600,
          optional: true,
        },
      },
    },
    switchOptions: {
      kind: "object",
      doc: "How changes reach the switches (every switch).",
      optional: true,
      fields: {
        commitConfirmSeconds: {
          kind: "integer",
          doc: "EOS: commit with `commit timer`, confirmed only after the change reads back; the switch rolls back otherwise.",
          example: "300",
          min: 30,
          max: 3600,
          optional: true,
        },
        connectTimeoutSeconds: { kind: "integer", doc: "SSH connect timeout.", example: "15", min: 1, max: 300, optional: true },
        commandTimeoutSeconds: { kind: "integer", doc: "Timeout of one CLI command.", example: "60", min: 1, max: 3600, optional: true },
        connectAttempts: { kind: "integer", doc: "Connection attempts in all (connection failures only, with backoff).", example: "3", min: 1, max: 10, optional: true },
      },
    },
    credentials: {
      kind: "object",
      doc: "Usernames. Passwords and keys are secret config keys: kube-fabric:switchPassword | switchPrivateKey, nodePassword | nodePrivateKey.",
      fields: {
        switchUsername: { kind: "string", doc: "Login on switches.", example: "admin" },
        nodeUsername: { kind: "string", doc: "Login on nodes (root or a sudo user).", example: "user" },
      },
    },
  },
};
