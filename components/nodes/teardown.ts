// `pulumi destroy` on the nodes, the reverse of creation: each worker drained and deleted from the
// cluster (on the control plane), then reset (on the worker); the control plane reset last. Each
// script is idempotent and reports `changed:` / `unchanged:` lines like the create steps, so a
// destroy that stopped half-way can simply run again. These run as the `delete` of the resources
// that made the state (drain marker, kubeadm-join, kubeadm-init, kube-packages).

import { NodePlan } from "../plan/plan-types";
import { KUBERNETES_PACKAGES } from "./kube-packages";
import { ADMIN_KUBECONFIG, KUBE_FABRIC_LOG_DIR, KUBEADM_CONFIG_FILE } from "./kubeadm-init";
import { bashScript, singleQuote, StepScript } from "./script";
import { nodeName } from "./script-values";

/** How long a drain may wait for pods to leave before destroy stops with an error. */
export const DRAIN_TIMEOUT = "300s";
/** kube-fabric's own directory on a node (the kubeadm config); its logs are kept. */
export const KUBE_FABRIC_CONFIG_DIR = "/etc/kube-fabric";

/** On the control plane, at create: nothing to do; the resource exists so that its delete drains. */
export function renderDrainMarker(worker: NodePlan): StepScript {
  const name = nodeName(`nodes.${worker.name}.name`, worker.name);
  return bashScript("drain-on-destroy", `${name} is drained and removed from the cluster on destroy`, `
kf_unchanged ${singleQuote(`${name}: drained and deleted from the cluster by pulumi destroy, before it is reset`)}
`);
}

/** On the control plane, at destroy: drain the worker and delete its Node object; nothing if it is gone. */
export function renderDrainWorker(worker: NodePlan): StepScript {
  const name = nodeName(`nodes.${worker.name}.name`, worker.name);
  const body = String.raw`
node=${singleQuote(name)}
if [ ! -f ${ADMIN_KUBECONFIG} ]; then
  kf_unchanged "no control plane here (${ADMIN_KUBECONFIG} is missing): $node is not in a cluster"
  exit 0
fi
kubectl() { command kubectl --kubeconfig ${ADMIN_KUBECONFIG} "$@"; }
if ! kubectl get node "$node" -o name >"$kf_tmp/get" 2>"$kf_tmp/err"; then
  if grep -q 'NotFound' "$kf_tmp/err"; then
    kf_unchanged "$node is not a node of the cluster"
    exit 0
  fi
  sed 's/^/  kubectl: /' "$kf_tmp/err" >&2
  kf_fail "cannot ask the API server about $node; the cluster must answer before a worker is removed"
fi
kf_run kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=${DRAIN_TIMEOUT}
kf_changed "$node drained"
kf_run kubectl delete node "$node" --wait=true
kf_changed "$node deleted from the cluster"
`;
  return bashScript("drain-worker", `drain ${name} and delete it from the cluster`, body);
}

/** On a node, at destroy: kubeadm reset, then kube-fabric's config directory; nothing if never set up. */
export function renderKubeadmReset(node: NodePlan): StepScript {
  const name = nodeName(`nodes.${node.name}.name`, node.name);
  const body = String.raw`
if [ -f /etc/kubernetes/kubelet.conf ] || [ -f ${ADMIN_KUBECONFIG} ] || [ -n "$(ls -A /etc/kubernetes/manifests 2>/dev/null)" ]; then
  command -v kubeadm >/dev/null || kf_fail "kubeadm is missing, so this node cannot be reset: reinstall the kubeadm package, then destroy again"
  kf_run mkdir -p -m 700 ${KUBE_FABRIC_LOG_DIR}
  if ! kubeadm reset -f >${KUBE_FABRIC_LOG_DIR}/kubeadm-reset.log 2>&1; then
    tail -n 20 ${KUBE_FABRIC_LOG_DIR}/kubeadm-reset.log | sed 's/^/  kubeadm reset: /' >&2
    kf_fail "kubeadm reset -f failed (log: ${KUBE_FABRIC_LOG_DIR}/kubeadm-reset.log)"
  fi
  kf_changed ${singleQuote(`${name} reset by kubeadm reset -f`)}
else
  kf_unchanged ${singleQuote(`${name} is not part of a cluster (no kubelet.conf, admin.conf or static pods)`)}
fi
if [ -e ${KUBE_FABRIC_CONFIG_DIR} ]; then
  kf_run rm -rf ${KUBE_FABRIC_CONFIG_DIR}
  kf_changed "${KUBE_FABRIC_CONFIG_DIR} removed"
else
  kf_unchanged "${KUBE_FABRIC_CONFIG_DIR} is absent"
fi
`;
  return bashScript("kubeadm-reset", `kubeadm reset of ${name}`, body);
}

/** On a node, at destroy: the holds on kubeadm, kubelet and kubectl released (the packages stay). */
export function renderReleaseHolds(): StepScript {
  const body = String.raw`
held=$(apt-mark showhold)
for package in ${KUBERNETES_PACKAGES.join(" ")}; do
  if printf '%s\n' "$held" | grep -qxF "$package"; then
    kf_run apt-mark unhold "$package"
    kf_changed "package $package is no longer held"
  else
    kf_unchanged "package $package is not held"
  fi
done
`;
  return bashScript("release-holds", `release the holds on ${KUBERNETES_PACKAGES.join(", ")}`, body);
}

export { KUBEADM_CONFIG_FILE };
