# shellcheck shell=bash
# Sourced by scripts/k8s-local for `up --real-node`: one real node beside the kwok nodes.
# A kubelet and kube-proxy (built from the same k8s.io/kubernetes module as the control
# plane), Debian's containerd and runc, Debian's CNI plugins on a private bridge, a small DNS
# server for cluster names (dns.py) and a volume provisioner (provisioner.sh). All of it is
# scoped to this cluster: state under .k8s-local/real-node-<name>/, a containerd of its own
# (own root, state, socket, runc root, network namespaces under its state directory), a
# cgroup root /stores-<name>, a bridge named after a hash of the cluster name. Listeners:
# the kubelet on the bridge address (the apiserver reaches it there), its healthz and
# kube-proxy's on 127.0.0.1, the DNS server on the bridge address.
#
# One real-node lane at a time per machine: kube-proxy's nftables table (`kube-proxy`), the
# pod subnet and the bridge address are machine-wide (a lock file under /run enforces it).
#
# Pods land on the node only when they ask for it: it is tainted and labelled
#   k8s-local.stores/real-node=true:NoSchedule
# and the apiserver runs PodNodeSelector and PodTolerationRestriction, so a namespace
# annotated with real_node_namespace_annotations (below) sends all its pods there.
#
# Needs root, and Debian's containerd, runc, containernetworking-plugins, nftables and
# mmdebstrap (installed with apt-get when missing).

REAL_NODE_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=images.sh
source "${REAL_NODE_SCRIPTS}/images.sh"

REAL_NODE_DIR=${STATE_DIR}/real-node${SUFFIX}
REAL_NODE_NAME=${CLUSTER_NAME}-real-node
REAL_NODE_TAINT_KEY=k8s-local.stores/real-node
REAL_NODE_STORAGE_CLASS=k8s-local-real-node
REAL_NODE_POD_CIDR=${STORES_K8S_REAL_NODE_POD_CIDR:-10.244.0.0/24}
REAL_NODE_GATEWAY=${REAL_NODE_POD_CIDR%.*}.1
REAL_NODE_BRIDGE=ksrn$(printf '%s' "$CLUSTER_NAME" | sha256sum | cut -c1-8)
REAL_NODE_CGROUP_ROOT=/stores-${CLUSTER_NAME}
REAL_NODE_SOCKET=${REAL_NODE_DIR}/containerd.sock
REAL_NODE_MACHINE_LOCK=/run/stores-k8s-real-node.owner
export REAL_NODE_IMAGE_CACHE=${CACHE_ROOT}/real-node-images
# containerd's content and snapshots (the imported images) outlive `down`, so a warm `up`
# imports nothing. Machine-wide, like the lane itself (one at a time).
REAL_NODE_CONTAINERD_ROOT=${CACHE_ROOT}/real-node-containerd
REAL_NODE_PACKAGES=(containerd runc containernetworking-plugins nftables mmdebstrap)
REAL_NODE_BINARIES=(kubelet kube-proxy)

rn_log() { echo "[k8s-local real-node] $*" >&2; }
rn_ctr() { ctr --address "$REAL_NODE_SOCKET" --namespace k8s.io "$@"; }

# The annotations that send every pod of a namespace to the real node.
real_node_namespace_annotations() {
  printf '%s\n' \
    "scheduler.alpha.kubernetes.io/node-selector=${REAL_NODE_TAINT_KEY}=true" \
    "scheduler.alpha.kubernetes.io/defaultTolerations=[{\"key\":\"${REAL_NODE_TAINT_KEY}\",\"operator\":\"Equal\",\"value\":\"true\",\"effect\":\"NoSchedule\"}]"
}

real_node_check_host() {
  ((EUID == 0)) || die "--real-node needs root (it runs containerd, a kubelet and a bridge); running as uid ${EUID}"
  local -a missing=()
  local p
  for p in "${REAL_NODE_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} > 0)); then
    rn_log "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive flock /run/lock/stores-apt.lock apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
      flock /run/lock/stores-apt.lock apt-get update >/dev/null 2>&1
      DEBIAN_FRONTEND=noninteractive flock /run/lock/stores-apt.lock apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
    } || die "could not install ${missing[*]}"
  fi
}

# A free TCP port on 127.0.0.1.
rn_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# PIDs of the lane's processes: those recorded in pids/, and any process whose command line
# names this lane's directory (the shims name the containerd socket), kept only while alive.
real_node_pids() {
  local f pid
  {
    if [[ -d ${REAL_NODE_DIR}/pids ]]; then
      for f in "${REAL_NODE_DIR}"/pids/*.pid; do [[ -f $f ]] && cat "$f"; done
    fi
    pgrep -f -- "${REAL_NODE_DIR}/" || true
  } | while read -r pid; do
    [[ $pid =~ ^[0-9]+$ && -d /proc/$pid && $pid != "$$" && $pid != "$BASHPID" ]] || continue
    [[ $(awk '{ print $3 }' "/proc/${pid}/stat" 2>/dev/null) == Z ]] && continue
    echo "$pid"
  done | sort -un
}

# Starts "$@" in the background as NAME, detached from this script's descriptors, logging to
# logs/NAME.log.
rn_start() {
  local name=$1
  shift
  mkdir -p "${REAL_NODE_DIR}/logs" "${REAL_NODE_DIR}/pids"
  setsid "$@" </dev/null >>"${REAL_NODE_DIR}/logs/${name}.log" 2>&1 8>&- 9>&- &
  echo $! >"${REAL_NODE_DIR}/pids/${name}.pid"
}

rn_wait() {
  local what=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "${what} did not happen within ${timeout} s (logs: ${REAL_NODE_DIR}/logs)"
    sleep 0.5
  done
}

# A client certificate signed by the cluster's CA (kwokctl's pki/), and a kubeconfig with it.
rn_kubeconfig() {
  local name=$1 cn=$2 org=$3 dir=${REAL_NODE_DIR}/pki
  mkdir -p "$dir"
  local server
  server=$("${BIN_DIR}/kubectl" config view --kubeconfig "$KUBECONFIG_FILE" -o jsonpath='{.clusters[0].cluster.server}')
  openssl req -new -newkey rsa:2048 -nodes -keyout "${dir}/${name}.key" -subj "/O=${org}/CN=${cn}" \
    -out "${dir}/${name}.csr" 2>/dev/null
  openssl x509 -req -in "${dir}/${name}.csr" -CA "${CLUSTER_DIR}/pki/ca.crt" -CAkey "${CLUSTER_DIR}/pki/ca.key" \
    -CAcreateserial -days 2 -out "${dir}/${name}.crt" 2>/dev/null
  local kc=${REAL_NODE_DIR}/${name}.kubeconfig k=("${BIN_DIR}/kubectl" config --kubeconfig "${REAL_NODE_DIR}/${name}.kubeconfig")
  rm -f "$kc"
  "${k[@]}" set-cluster local --server "$server" --certificate-authority "${CLUSTER_DIR}/pki/ca.crt" --embed-certs >/dev/null
  "${k[@]}" set-credentials "$name" --client-certificate "${dir}/${name}.crt" --client-key "${dir}/${name}.key" --embed-certs >/dev/null
  "${k[@]}" set-context local --cluster local --user "$name" >/dev/null
  "${k[@]}" use-context local >/dev/null
  chmod 600 "$kc"
}

rn_write_containerd_config() {
  local d=$REAL_NODE_DIR
  mkdir -p "${d}/cni/net.d" "${d}/containerd"
  cat >"${d}/containerd.toml" <<TOML
# Generated by scripts/k8s-local --real-node: a containerd of this cluster only.
version = 2
root = "${REAL_NODE_CONTAINERD_ROOT}"
state = "${d}/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "${REAL_NODE_SOCKET}"
[ttrpc]
  address = "${REAL_NODE_SOCKET}.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "${d}/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$(real_node_image pause)"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true
  # This machine's root lacks CAP_SYS_RESOURCE: no process may lower its oom_score_adj, so
  # the kubelet's negative scores (-998 for sandboxes) are clamped to containerd's own.
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "${d}/runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${d}/cni/net.d"
    max_conf_num = 1
TOML
  cat >"${d}/cni/net.d/10-stores.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "stores-real-node",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${REAL_NODE_BRIDGE}",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "${d}/cni/ipam",
        "ranges": [[{ "subnet": "${REAL_NODE_POD_CIDR}", "gateway": "${REAL_NODE_GATEWAY}" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    }
  ]
}
JSON
}

rn_write_kubelet_config() {
  local d=$REAL_NODE_DIR kubelet_port=$1 healthz_port=$2
  mkdir -p "${d}/kubelet/root" "${d}/kubelet/pki" "${d}/pod-logs" "${d}/kubelet/volume-plugins"
  # Pods get the cluster DNS (dns.py on the bridge); no host resolver leaks into them.
  : >"${d}/resolv.conf"
  cat >"${d}/kubelet.yaml" <<YAML
# Generated by scripts/k8s-local --real-node.
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${REAL_NODE_GATEWAY}
port: ${kubelet_port}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${healthz_port}
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: false }
  x509: { clientCAFile: ${CLUSTER_DIR}/pki/ca.crt }
authorization:
  mode: AlwaysAllow
containerRuntimeEndpoint: unix://${REAL_NODE_SOCKET}
cgroupDriver: cgroupfs
cgroupRoot: ${REAL_NODE_CGROUP_ROOT}
cgroupsPerQOS: true
failCgroupV1: false
failSwapOn: false
clusterDomain: cluster.local
clusterDNS: [${REAL_NODE_GATEWAY}]
resolvConf: ${d}/resolv.conf
podLogsDir: ${d}/pod-logs
volumePluginDir: ${d}/kubelet/volume-plugins
registerWithTaints:
  - { key: ${REAL_NODE_TAINT_KEY}, value: "true", effect: NoSchedule }
maxPods: 30
# The machine's disk is shared with everything else: evict only when it is really full, and
# never collect the imported images.
evictionHard: { memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1% }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
YAML
}

# The kubelet's cgroup root must exist in every cgroup v1 hierarchy (and in cgroup v2, where
# that is what is mounted); a cpuset cgroup starts with no CPUs and memory nodes, so it gets
# its parent's.
rn_cgroups_up() {
  local h
  for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    [[ -f ${h}cgroup.procs ]] || continue
    mkdir -p "${h%/}${REAL_NODE_CGROUP_ROOT}"
    if [[ -f ${h}cpuset.cpus && -f ${h%/}${REAL_NODE_CGROUP_ROOT}/cpuset.cpus ]]; then
      cat "${h}cpuset.cpus" >"${h%/}${REAL_NODE_CGROUP_ROOT}/cpuset.cpus"
      cat "${h}cpuset.mems" >"${h%/}${REAL_NODE_CGROUP_ROOT}/cpuset.mems"
    fi
  done
}

rn_network_up() {
  if ! ip link show "$REAL_NODE_BRIDGE" >/dev/null 2>&1; then
    ip link add name "$REAL_NODE_BRIDGE" type bridge
  fi
  ip addr replace "${REAL_NODE_GATEWAY}/${REAL_NODE_POD_CIDR#*/}" dev "$REAL_NODE_BRIDGE"
  ip link set "$REAL_NODE_BRIDGE" up
  # The nftables tables before the node: those made afterwards (the kubelet's iptables
  # chains, kube-proxy's table) are removed by `down`.
  if [[ ! -f ${REAL_NODE_DIR}/nft-tables.before ]]; then
    nft list tables >"${REAL_NODE_DIR}/nft-tables.before"
  fi
  # Service traffic from a pod is DNATed by kube-proxy and routed back out of the bridge.
  if [[ ! -f ${REAL_NODE_DIR}/ip_forward.orig ]]; then
    cat /proc/sys/net/ipv4/ip_forward >"${REAL_NODE_DIR}/ip_forward.orig"
  fi
  echo 1 >/proc/sys/net/ipv4/ip_forward
}

rn_network_down() {
  if ip link show "$REAL_NODE_BRIDGE" >/dev/null 2>&1; then
    ip link delete "$REAL_NODE_BRIDGE" || true
  fi
  # The kubelet's iptables chains (KUBE-FIREWALL with its jumps, the canaries), then every
  # table that was not there before the node (kube-proxy's, and those iptables-nft made for
  # the kubelet's chains).
  local ipt t
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    for t in INPUT OUTPUT; do
      while "$ipt" -w -t filter -D "$t" -j KUBE-FIREWALL 2>/dev/null; do :; done
    done
    "$ipt" -w -t filter -F KUBE-FIREWALL 2>/dev/null && "$ipt" -w -t filter -X KUBE-FIREWALL 2>/dev/null
    for t in mangle nat filter; do "$ipt" -w -t "$t" -X KUBE-KUBELET-CANARY 2>/dev/null; done
    "$ipt" -w -t mangle -X KUBE-IPTABLES-HINT 2>/dev/null
  done
  if [[ -f ${REAL_NODE_DIR}/nft-tables.before ]]; then
    local line
    while read -r line; do
      # shellcheck disable=SC2086 # "table FAMILY NAME" are three words
      grep -qxF "$line" "${REAL_NODE_DIR}/nft-tables.before" || nft delete $line 2>/dev/null || true
    done < <(nft list tables)
  fi
  if [[ -f ${REAL_NODE_DIR}/ip_forward.orig ]]; then
    cat "${REAL_NODE_DIR}/ip_forward.orig" >/proc/sys/net/ipv4/ip_forward
    rm -f "${REAL_NODE_DIR}/ip_forward.orig"
  fi
}

rn_claim_machine() {
  local owner=
  [[ -f $REAL_NODE_MACHINE_LOCK ]] && owner=$(cat "$REAL_NODE_MACHINE_LOCK")
  if [[ -n $owner && $owner != "$REAL_NODE_DIR" && -d $owner ]] && pgrep -f -- "${owner}/" >/dev/null; then
    die "another real-node lane runs on this machine (${owner}); stop it first (one at a time: kube-proxy's nftables table and the pod subnet are machine-wide)"
  fi
  echo "$REAL_NODE_DIR" >"$REAL_NODE_MACHINE_LOCK"
}

real_node_build() {
  have_all "${REAL_NODE_BINARIES[@]}" || {
    need_go
    exec 9>"${CACHE_DIR}/.build.lock"
    flock 9
    build_group build_kube_node "${REAL_NODE_BINARIES[@]}"
    exec 9>&-
  }
  need_go
  real_node_images_build || die "building the real node's images failed"
}

# Imports the current images into the node's containerd (those missing), and removes images
# of earlier recipes (other content keys; containerd collects their content).
real_node_import_images() {
  local role image t0
  for role in pause mariadb wordpress; do
    image=$(real_node_image "$role")
    if ! rn_ctr images ls -q | grep -qxF "$image"; then
      t0=$(now)
      rn_ctr images import --no-unpack=false "$(real_node_image_archive "$role")" >/dev/null ||
        die "importing ${image} failed"
      rn_log "imported ${image} in $(elapsed_since "$t0") s"
    fi
  done

  local keep
  keep=$(for role in pause mariadb wordpress; do real_node_image "$role"; done)
  for image in $(rn_ctr images ls -q | grep "^${REAL_NODE_IMAGE_REPO}/" | grep -vxF "$keep"); do
    rn_ctr images rm "$image" >/dev/null && rn_log "removed the outdated image ${image}"
  done
}

real_node_up() {
  local start
  start=$(now)
  real_node_check_host
  real_node_build
  rn_claim_machine
  mkdir -p "$REAL_NODE_DIR"
  rn_write_containerd_config
  rn_network_up

  rn_log "starting containerd ($(containerd --version | awk '{ print $3 }')) ..."
  rn_start containerd containerd --config "${REAL_NODE_DIR}/containerd.toml"
  rn_wait "containerd answering on ${REAL_NODE_SOCKET}" 60 ctr --address "$REAL_NODE_SOCKET" version
  real_node_import_images

  rn_kubeconfig kubelet "system:node:${REAL_NODE_NAME}" system:nodes
  rn_kubeconfig kube-proxy system:kube-proxy system:node-proxier
  rn_kubeconfig agent stores-k8s-local-real-node system:masters
  local kubelet_port healthz_port
  kubelet_port=$(rn_free_port)
  healthz_port=$(rn_free_port)
  rn_write_kubelet_config "$kubelet_port" "$healthz_port"

  rn_cgroups_up
  rn_log "starting the kubelet (node ${REAL_NODE_NAME}) ..."
  rn_start kubelet "${BIN_DIR}/kubelet" --config "${REAL_NODE_DIR}/kubelet.yaml" \
    --kubeconfig "${REAL_NODE_DIR}/kubelet.kubeconfig" --root-dir "${REAL_NODE_DIR}/kubelet/root" \
    --cert-dir "${REAL_NODE_DIR}/kubelet/pki" --hostname-override "$REAL_NODE_NAME" \
    --node-ip "$REAL_NODE_GATEWAY" --node-labels "${REAL_NODE_TAINT_KEY}=true" --v=1
  rn_start kube-proxy "${BIN_DIR}/kube-proxy" --kubeconfig "${REAL_NODE_DIR}/kube-proxy.kubeconfig" \
    --proxy-mode nftables --hostname-override "$REAL_NODE_NAME" --cluster-cidr "$REAL_NODE_POD_CIDR" \
    --masquerade-all --nodeport-addresses "${REAL_NODE_GATEWAY}/32" \
    --metrics-bind-address "127.0.0.1:$(rn_free_port)" --healthz-bind-address "127.0.0.1:$(rn_free_port)" \
    --conntrack-max-per-core 0 --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0 --v=1
  rn_start dns python3 "${REAL_NODE_SCRIPTS}/dns.py" --listen "$REAL_NODE_GATEWAY" \
    --kubectl "${BIN_DIR}/kubectl" --kubeconfig "${REAL_NODE_DIR}/agent.kubeconfig"
  rn_start provisioner bash "${REAL_NODE_SCRIPTS}/provisioner.sh" "${BIN_DIR}/kubectl" \
    "${REAL_NODE_DIR}/agent.kubeconfig" "$REAL_NODE_STORAGE_CLASS" "$REAL_NODE_NAME" "${REAL_NODE_DIR}/volumes"

  kubectl_local apply -f - >/dev/null <<YAML
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${REAL_NODE_STORAGE_CLASS}
provisioner: k8s-local.stores/real-node
reclaimPolicy: Delete
volumeBindingMode: Immediate
YAML
  rn_wait "node ${REAL_NODE_NAME} Ready" 120 rn_node_ready
  rn_log "node ${REAL_NODE_NAME} is Ready; $(elapsed_since "$start") s"
}

# True when the lane's kubelet and containerd run and the node is Ready.
real_node_running() {
  [[ -f ${REAL_NODE_DIR}/pids/kubelet.pid && -f ${REAL_NODE_DIR}/pids/containerd.pid ]] || return 1
  kill -0 "$(cat "${REAL_NODE_DIR}/pids/kubelet.pid")" 2>/dev/null || return 1
  kill -0 "$(cat "${REAL_NODE_DIR}/pids/containerd.pid")" 2>/dev/null || return 1
  rn_node_ready
}

rn_node_ready() {
  [[ $(kubectl_local get node "$REAL_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]
}

# Stops the node's pods, then the processes, then removes what is left: mounts under the
# lane's directory, processes left in its cgroups, the bridge, kube-proxy's nftables table,
# the cgroups, the state.
real_node_down() {
  [[ -d $REAL_NODE_DIR ]] || return 0
  local start
  start=$(now)
  rn_drain
  local -a pids
  mapfile -t pids < <(real_node_pids)
  ((${#pids[@]} > 0)) && kill -TERM "${pids[@]}" 2>/dev/null
  local deadline=$((SECONDS + 20))
  while [[ -n $(real_node_pids) ]]; do
    if ((SECONDS >= deadline)); then
      mapfile -t pids < <(real_node_pids)
      rn_log "still running after TERM: ${pids[*]}; sending KILL"
      kill -KILL "${pids[@]}" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.3
  done
  # Container processes the runtime did not stop: whatever is still in the pod cgroups.
  mapfile -t pids < <(cat /sys/fs/cgroup/pids"${REAL_NODE_CGROUP_ROOT}"/cgroup.procs \
    /sys/fs/cgroup/pids"${REAL_NODE_CGROUP_ROOT}"/*/cgroup.procs \
    /sys/fs/cgroup/pids"${REAL_NODE_CGROUP_ROOT}"/*/*/cgroup.procs \
    /sys/fs/cgroup/pids"${REAL_NODE_CGROUP_ROOT}"/*/*/*/cgroup.procs 2>/dev/null | sort -un)
  if ((${#pids[@]} > 0)); then
    rn_log "killing processes left in the pod cgroups: ${pids[*]}"
    kill -KILL "${pids[@]}" 2>/dev/null || true
    sleep 1
  fi
  # Mounts under the lane's directory (container root file systems, volumes, network
  # namespaces), deepest first.
  local m
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done < <(awk -v d="${REAL_NODE_DIR}/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r)
  rn_network_down
  # The cgroups the kubelet made under its cgroup root, in every hierarchy.
  local c
  for c in /sys/fs/cgroup/*"${REAL_NODE_CGROUP_ROOT}" /sys/fs/cgroup"${REAL_NODE_CGROUP_ROOT}"; do
    [[ -d $c ]] && find "$c" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  # Links the kubelet leaves in the machine-wide /var/log/containers to our pod logs.
  find /var/log/containers -maxdepth 1 -type l -lname "${REAL_NODE_DIR}/*" -delete 2>/dev/null || true
  [[ $(cat "$REAL_NODE_MACHINE_LOCK" 2>/dev/null) == "$REAL_NODE_DIR" ]] && rm -f "$REAL_NODE_MACHINE_LOCK"
  if [[ -n $(awk -v d="${REAL_NODE_DIR}/" 'index($2, d) == 1' /proc/self/mounts) ]]; then
    die "mounts left under ${REAL_NODE_DIR}: $(awk -v d="${REAL_NODE_DIR}/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | tr '\n' ' ')"
  fi
  [[ -z $(real_node_pids) ]] || die "processes left: $(real_node_pids | tr '\n' ' ')"
  rm -rf "$REAL_NODE_DIR"
  rn_log "real node ${REAL_NODE_NAME} removed; $(elapsed_since "$start") s"
}

# The node's pods are deleted through the API while the kubelet runs, so the kubelet stops
# them properly (CNI teardown releases addresses and veths); then any task left is killed
# through containerd, and the node object is deleted.
rn_drain() {
  local api=0
  if [[ -f $KUBECONFIG_FILE ]] && [[ $(kubectl_local get --raw /readyz --request-timeout=5s 2>/dev/null) == ok ]]; then
    api=1
    kubectl_local delete pods --all-namespaces --field-selector "spec.nodeName=${REAL_NODE_NAME}" \
      --grace-period=5 --wait=false >/dev/null 2>&1 || true
  fi
  [[ -S $REAL_NODE_SOCKET ]] && ctr --address "$REAL_NODE_SOCKET" version >/dev/null 2>&1 || return 0
  local deadline=$((SECONDS + 30))
  if ((api)) && real_node_running; then
    while [[ -n $(rn_ctr tasks ls -q 2>/dev/null) ]] && ((SECONDS < deadline)); do sleep 0.5; done
  fi
  if [[ -f ${REAL_NODE_DIR}/pids/kubelet.pid ]]; then
    kill -TERM "$(cat "${REAL_NODE_DIR}/pids/kubelet.pid")" 2>/dev/null || true
  fi
  local id
  for id in $(rn_ctr tasks ls -q 2>/dev/null); do
    rn_ctr tasks kill -s KILL "$id" >/dev/null 2>&1 || true
  done
  deadline=$((SECONDS + 15))
  while [[ -n $(rn_ctr tasks ls 2>/dev/null | awk 'NR > 1 && $3 != "STOPPED"') ]] && ((SECONDS < deadline)); do
    sleep 0.3
  done
  for id in $(rn_ctr tasks ls -q 2>/dev/null); do rn_ctr tasks rm -f "$id" >/dev/null 2>&1 || true; done
  # The containers (and their snapshots) go too: only the images stay in containerd's root.
  for id in $(rn_ctr containers ls -q 2>/dev/null); do rn_ctr containers rm "$id" >/dev/null 2>&1 || true; done
  ((api)) && kubectl_local delete node "$REAL_NODE_NAME" --ignore-not-found --wait=false >/dev/null 2>&1
  return 0
}

real_node_env() {
  printf 'export STORES_K8S_REAL_NODE=%q\n' "$REAL_NODE_NAME"
  printf 'export STORES_K8S_REAL_NODE_STORAGE_CLASS=%q\n' "$REAL_NODE_STORAGE_CLASS"
  printf 'export STORES_K8S_REAL_NODE_IMAGE_MARIADB=%q\n' "$(real_node_image mariadb)"
  printf 'export STORES_K8S_REAL_NODE_IMAGE_WORDPRESS=%q\n' "$(real_node_image wordpress)"
  local a
  local -a ann=()
  while read -r a; do ann+=("$a"); done < <(real_node_namespace_annotations)
  printf 'export STORES_K8S_REAL_NODE_NAMESPACE_ANNOTATIONS=%q\n' "$(printf '%s\n' "${ann[@]}")"
}
