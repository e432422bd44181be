#!/usr/bin/env bash
# provisioner.sh KUBECTL KUBECONFIG STORAGECLASS NODE DIR: the real-node lane's volume
# provisioner. Every PersistentVolumeClaim of STORAGECLASS gets a directory under DIR and a
# `local` PersistentVolume on NODE bound to it (claimRef), which the PV controller then binds.
# `local` rather than hostPath because the kubelet applies the pod's fsGroup to local volumes,
# so non-root pods (MariaDB as uid 999, WordPress as 33) can write them. Released volumes are
# deleted with their directory (reclaim policy Delete). Polls every second; runs until killed.
set -uo pipefail
KUBECTL=$1 KUBECONFIG=$2 CLASS=$3 NODE=$4 DIR=$5
export KUBECONFIG
k() { "$KUBECTL" --request-timeout=20s "$@"; }
mkdir -p "$DIR"

provision() {
  local ns=$1 name=$2 uid=$3 size=$4 modes=$5 pv=pvc-$3
  k get pv "$pv" >/dev/null 2>&1 && return 0
  mkdir -p "${DIR}/${pv}"
  k apply -f - >/dev/null <<YAML || return 1
apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${pv}
  annotations:
    pv.kubernetes.io/provisioned-by: k8s-local.stores/real-node
spec:
  storageClassName: ${CLASS}
  capacity: { storage: "${size}" }
  accessModes: [${modes}]
  persistentVolumeReclaimPolicy: Delete
  volumeMode: Filesystem
  claimRef: { apiVersion: v1, kind: PersistentVolumeClaim, namespace: "${ns}", name: "${name}", uid: "${uid}" }
  local: { path: "${DIR}/${pv}" }
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions:
            - { key: kubernetes.io/hostname, operator: In, values: ["${NODE}"] }
YAML
  echo "provisioned ${pv} for ${ns}/${name} (${size})"
}

while :; do
  while read -r ns name uid volume size modes; do
    [[ -n $ns && $volume == "-" ]] || continue
    provision "$ns" "$name" "$uid" "$size" "${modes// /,}"
  done < <(k get pvc -A -o jsonpath="{range .items[?(@.spec.storageClassName==\"${CLASS}\")]}{.metadata.namespace} {.metadata.name} {.metadata.uid} {.spec.volumeName}- {.spec.resources.requests.storage} {.spec.accessModes[*]}{\"\\n\"}{end}" 2>/dev/null |
    awk '{ v = $4; sub(/-$/, "", v); if (v == "") v = "-"; $4 = v; print }')
  while read -r pv phase; do
    [[ $phase == Released || $phase == Failed ]] || continue
    k delete pv "$pv" --wait=false >/dev/null 2>&1 && rm -rf "${DIR:?}/${pv}" && echo "deleted ${pv}"
  done < <(k get pv -o jsonpath="{range .items[?(@.spec.storageClassName==\"${CLASS}\")]}{.metadata.name} {.status.phase}{\"\\n\"}{end}" 2>/dev/null)
  sleep 1
done
