// The control plane: kubeadm init from the generated config, once; then the admin kubeconfig,
// read back for the Calico stage, checked to point at the fabric endpoint.

import { KubernetesPlan, NodePlan } from "../plan/plan-types";
import { controlPlaneEndpoint, renderKubeadmInitConfig } from "./kubeadm-config";
import { bashScript, singleQuote, StepScript, writeFileHeredoc } from "./script";

export const KUBEADM_CONFIG_FILE = "/etc/kube-fabric/kubeadm-config.yaml";
export const KUBE_FABRIC_LOG_DIR = "/var/log/kube-fabric";
export const ADMIN_KUBECONFIG = "/etc/kubernetes/admin.conf";

/** Checks that admin.conf exists and names the fabric endpoint (bash lines, used by both scripts). */
function adminConfServerCheck(endpoint: string): string {
  return String.raw`
server=$(awk '$1 == "server:" {print $2; exit}' ${ADMIN_KUBECONFIG})
if [ "$server" != "https://${endpoint}" ]; then
  kf_fail "${ADMIN_KUBECONFIG} points at ${"${server:-nothing}"}, not https://${endpoint}: this control plane was initialised with another endpoint; reset it (kubeadm reset -f) or set topology.kubernetes.controlPlaneEndpoint to match"
fi`;
}

export function renderKubeadmInit(kubernetes: KubernetesPlan, controlPlane: NodePlan): StepScript {
  const endpoint = controlPlaneEndpoint(kubernetes);
  const body = String.raw`
config=${KUBEADM_CONFIG_FILE}
log=${KUBE_FABRIC_LOG_DIR}/kubeadm-init.log
command -v kubeadm >/dev/null || kf_fail "kubeadm is missing: the kube-packages step installs it"

${writeFileHeredoc('"$kf_tmp/kubeadm-config.yaml"', renderKubeadmInitConfig(kubernetes, controlPlane))}
# After kubeadm init, the pod and service CIDRs and the endpoint are fixed: kubeadm never applies a
# changed config to a running cluster. Refuse the change, before anything on this node is touched.
if [ -f ${ADMIN_KUBECONFIG} ] && [ -f "$config" ]; then
  for key in podSubnet serviceSubnet controlPlaneEndpoint; do
    was=$(awk -v k="$key:" '$1 == k {print $2; exit}' "$config")
    now=$(awk -v k="$key:" '$1 == k {print $2; exit}' "$kf_tmp/kubeadm-config.yaml")
    if [ "$was" != "$now" ]; then
      kf_fail "the cluster was initialised with $key $was; the plan now says $now. kube-fabric cannot change $key of a running cluster: set it back (topology.kubernetes: podCidr, serviceCidr, controlPlaneEndpoint), or pulumi destroy and create the cluster again"
    fi
  done
fi
if kf_install_file "$kf_tmp/kubeadm-config.yaml" "$config" 600; then
  kf_changed "$config written"
else
  kf_unchanged "$config is current"
fi

if [ -f ${ADMIN_KUBECONFIG} ]; then
  kf_unchanged "control plane ${controlPlane.name} is initialised (${ADMIN_KUBECONFIG} exists; kube-fabric never runs kubeadm init twice)"
else
  kf_run mkdir -p -m 700 ${KUBE_FABRIC_LOG_DIR}
  # --skip-token-print: the token kubeadm init makes is never shown, stored or used.
  if ! kubeadm init --config "$config" --skip-token-print >"$log" 2>&1; then
    tail -n 40 "$log" | sed 's/^/  kubeadm init: /' >&2
    kf_note "undoing the failed kubeadm init with kubeadm reset -f, so that the node is as it was"
    kubeadm reset -f >>"$log" 2>&1 || kf_note "kubeadm reset -f failed as well: see $log"
    kf_fail "kubeadm init failed (whole log: $log on ${controlPlane.name}); fix the cause above and run pulumi up again"
  fi
  kf_changed "control plane ${controlPlane.name} initialised by kubeadm init (log: $log)"
fi
${adminConfServerCheck(endpoint)}
kf_unchanged "${ADMIN_KUBECONFIG} points at https://${endpoint}"
`;
  return bashScript("kubeadm-init", `kubeadm init of ${controlPlane.name} at ${endpoint}, once`, body);
}

/** Prints the admin kubeconfig as its payload (payloadFromStdout); the remote command keeps its stdout secret. */
export function renderReadKubeconfig(kubernetes: KubernetesPlan): StepScript {
  const endpoint = controlPlaneEndpoint(kubernetes);
  const body = String.raw`
[ -f ${ADMIN_KUBECONFIG} ] || kf_fail "${ADMIN_KUBECONFIG} is missing: the kubeadm-init step has not run on this node"
${adminConfServerCheck(endpoint)}
cat ${ADMIN_KUBECONFIG}
`;
  return bashScript("read-kubeconfig", `print ${ADMIN_KUBECONFIG} (server https://${endpoint})`, body, { printsPayload: true });
}

/** The join token TTL: long enough for one join, short enough to be worthless afterwards. */
export const JOIN_TOKEN_TTL = "15m0s";

/**
 * On the control plane: a fresh bootstrap token for one worker, printed as the join command (the
 * payload, payloadFromStdout). Run by the worker's join right before kubeadm join (join-provider.ts).
 */
export function renderJoinToken(worker: NodePlan): StepScript {
  const body = String.raw`
[ -f ${ADMIN_KUBECONFIG} ] || kf_fail "the control plane is not initialised (no ${ADMIN_KUBECONFIG})"
if ! kubeadm token create --ttl ${JOIN_TOKEN_TTL} --description ${singleQuote(`kube-fabric join of ${worker.name}`)} --print-join-command >"$kf_tmp/join" 2>"$kf_tmp/err"; then
  sed 's/^/  stderr: /' "$kf_tmp/err" >&2
  kf_fail "kubeadm token create failed"
fi
join=$(tail -n 1 "$kf_tmp/join")
case "$join" in
  "kubeadm join "*) printf '%s\n' "$join" ;;
  *) kf_fail "kubeadm token create printed something other than a join command (not shown: it may hold a token)" ;;
esac
`;
  return bashScript("join-token", `a ${JOIN_TOKEN_TTL} bootstrap token for ${worker.name}`, body, { printsPayload: true });
}
