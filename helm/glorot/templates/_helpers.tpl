{{/*
The chart name, or nameOverride.
*/}}
{{- define "glorot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
A fully qualified app name. We truncate at 63 chars because some Kubernetes name fields are limited to this
(by the DNS naming spec). If the release name contains the chart name it is used as the full name.
*/}}
{{- define "glorot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "glorot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "glorot.labels" -}}
helm.sh/chart: {{ include "glorot.chart" . }}
{{ include "glorot.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "glorot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "glorot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The image reference: repository@digest, or repository:tag (the tag defaults to the appVersion).
*/}}
{{- define "glorot.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The pod's termination grace period: the value given, or preStop + shutdown phase + 10 s. Fails when the
value given does not leave time for the preStop sleep and the shutdown phase.
*/}}
{{- define "glorot.terminationGracePeriodSeconds" -}}
{{- $needed := add .Values.shutdown.preStopSleepSeconds .Values.shutdown.timeoutPerShutdownPhaseSeconds }}
{{- $given := int .Values.shutdown.terminationGracePeriodSeconds }}
{{- if eq $given 0 }}
{{- add $needed 10 }}
{{- else if le $given (int $needed) }}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%d) must be longer than shutdown.preStopSleepSeconds + shutdown.timeoutPerShutdownPhaseSeconds (%d)" $given (int $needed)) }}
{{- else }}
{{- $given }}
{{- end }}
{{- end }}
