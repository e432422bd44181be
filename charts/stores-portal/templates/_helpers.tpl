{{/* Names, labels and the ServiceAccount's identity, shared by the templates. */}}

{{- define "stores-portal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "stores-portal.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "stores-portal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stores-portal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* managed-by is Helm here: the chart's objects are never store objects
     (those carry app.kubernetes.io/managed-by=backstage-stores). */}}
{{- define "stores-portal.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "stores-portal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "stores-portal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "stores-portal.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The user name the API server gives the ServiceAccount's tokens. */}}
{{- define "stores-portal.serviceAccountUser" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "stores-portal.serviceAccountName" .) -}}
{{- end -}}

{{- define "stores-portal.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Cluster-scoped objects are named after the release and its namespace, so
     two releases of the chart in different namespaces never collide. */}}
{{- define "stores-portal.clusterName" -}}
{{- printf "%s-%s" .Release.Namespace (include "stores-portal.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "stores-portal.tlsNamespace" -}}
{{- default .Release.Namespace .Values.stores.tls.namespace -}}
{{- end -}}

{{- define "stores-portal.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.runAsUser }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
