# shellcheck shell=bash
# Sourced by scripts/start. Lets the stock Kubernetes plugin show a store's
# workloads on its entity page when the portal runs against the local control
# plane: a read-only ServiceAccount (bound to the built-in `view` ClusterRole,
# which excludes Secrets), a short-lived token for it, and a config file for
# the kubernetes backend. The file holds a token, so it lives in the
# git-ignored .k8s-local/ folder.

# write_kubernetes_plugin_config OUTPUT_FILE (KUBECONFIG and KUBECTL set)
write_kubernetes_plugin_config() {
  local out="$1" kubectl="${KUBECTL:-kubectl}"
  "$kubectl" -n kube-system create serviceaccount backstage-kubernetes-reader \
    --dry-run=client -o yaml | "$kubectl" apply -f - >/dev/null
  "$kubectl" create clusterrolebinding backstage-kubernetes-reader \
    --clusterrole=view --serviceaccount=kube-system:backstage-kubernetes-reader \
    --dry-run=client -o yaml | "$kubectl" apply -f - >/dev/null
  local token server ca
  token="$("$kubectl" -n kube-system create token backstage-kubernetes-reader --duration=24h)"
  server="$("$kubectl" config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}')"
  ca="$("$kubectl" config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
  (
    umask 077
    cat >"$out"
  ) <<YAML
# Written by scripts/start for the local control plane; regenerated each start.
kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: local
          url: $server
          authProvider: serviceAccount
          serviceAccountToken: $token
          caData: $ca
          skipMetricsLookup: true
YAML
}
