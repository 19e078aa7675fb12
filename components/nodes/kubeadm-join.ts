// A worker joins with the join command its own fresh token produced, made on the control plane
// right before this step by the same WorkerJoin (the reference lab's join failed on a token that had expired). The command arrives on standard input, is checked for its
// exact shape, and only its token and CA hash are used, in a JoinConfiguration file that exists
// (mode 600) only while kubeadm join runs. Nothing here prints the token.

import { KubernetesPlan, NodePlan } from "../plan/plan-types";
import { controlPlaneEndpoint, JOIN_CA_HASH_PLACEHOLDER, JOIN_TOKEN_PLACEHOLDER, renderKubeadmJoinConfigTemplate } from "./kubeadm-config";
import { KUBE_FABRIC_LOG_DIR } from "./kubeadm-init";
import { bashScript, PAYLOAD_VARIABLE, singleQuote, StepScript } from "./script";

export const KUBELET_KUBECONFIG = "/etc/kubernetes/kubelet.conf";

/** The join command `kubeadm token create --print-join-command` prints, as a bash regex. */
export const JOIN_COMMAND_PATTERN =
  "^kubeadm join ([0-9.]+:[0-9]+) --token ([a-z0-9]{6}\\.[a-z0-9]{16}) --discovery-token-ca-cert-hash (sha256:[a-f0-9]{64})[[:space:]]*$";

export function renderKubeadmJoin(kubernetes: KubernetesPlan, worker: NodePlan): StepScript {
  const endpoint = controlPlaneEndpoint(kubernetes);
  const template = renderKubeadmJoinConfigTemplate(kubernetes, worker);
  const body = String.raw`
log=${KUBE_FABRIC_LOG_DIR}/kubeadm-join.log
if [ -f ${KUBELET_KUBECONFIG} ]; then
  kf_unchanged "${worker.name} has joined the cluster (${KUBELET_KUBECONFIG} exists)"
  exit 0
fi
command -v kubeadm >/dev/null || kf_fail "kubeadm is missing: the kube-packages step installs it"

pattern=${singleQuote(JOIN_COMMAND_PATTERN)}
if ! [[ $${PAYLOAD_VARIABLE} =~ $pattern ]]; then
  kf_fail "the join command from the control plane is missing or not in the expected form (not shown: it holds a token)"
fi
announced=${"${BASH_REMATCH[1]}"}
token=${"${BASH_REMATCH[2]}"}
ca_hash=${"${BASH_REMATCH[3]}"}
${PAYLOAD_VARIABLE}=''
if [ "$announced" != ${singleQuote(endpoint)} ]; then
  kf_fail "the control plane announces the endpoint $announced, the plan says ${endpoint}: check topology.kubernetes.controlPlaneEndpoint"
fi

template=${singleQuote(template)}
config=${"${template//" + JOIN_TOKEN_PLACEHOLDER + "/$token}"}
config=${"${config//" + JOIN_CA_HASH_PLACEHOLDER + "/$ca_hash}"}
token=''
umask 077
printf '%s' "$config" >"$kf_tmp/join.yaml"
config=''

kf_run mkdir -p -m 700 ${KUBE_FABRIC_LOG_DIR}
if ! kubeadm join --config "$kf_tmp/join.yaml" >"$log" 2>&1; then
  rm -f "$kf_tmp/join.yaml"
  tail -n 40 "$log" | sed 's/^/  kubeadm join: /' >&2
  if grep -qE 'JWS signature|token id|bootstrap token' "$log"; then
    kf_note "the join token was refused: it is made right before this join and lives 15 minutes; run pulumi up again, which makes a new one"
  fi
  kf_note "undoing the failed join with kubeadm reset -f, so that the node is as it was"
  kubeadm reset -f >>"$log" 2>&1 || kf_note "kubeadm reset -f failed as well: see $log"
  kf_fail "kubeadm join failed (whole log: $log on ${worker.name}); fix the cause above and run pulumi up again"
fi
rm -f "$kf_tmp/join.yaml"
kf_changed "${worker.name} joined the cluster at ${endpoint} (log: $log)"
`;
  return bashScript("kubeadm-join", `${worker.name} joins ${endpoint} with a fresh token from stdin`, body, { readsPayloadLine: true });
}
