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
Labels of the helm test pod: its own name, so that no selector of the release's pods takes it for one of them.
*/}}
{{- define "glorot.testLabels" -}}
helm.sh/chart: {{ include "glorot.chart" . }}
app.kubernetes.io/name: {{ printf "%s-test" (include "glorot.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
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
The pod's termination grace period: the value given, or preStop + refusing period + shutdown phase + 10 s. Fails
when the value given does not leave time for the preStop sleep, the refusing period and the shutdown phase.
*/}}
{{- define "glorot.terminationGracePeriodSeconds" -}}
{{- $needed := add .Values.shutdown.preStopSleepSeconds .Values.shutdown.refusingPeriodSeconds .Values.shutdown.timeoutPerShutdownPhaseSeconds }}
{{- $given := int .Values.shutdown.terminationGracePeriodSeconds }}
{{- if eq $given 0 }}
{{- add $needed 10 }}
{{- else if le $given (int $needed) }}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%d) must be longer than shutdown.preStopSleepSeconds + shutdown.refusingPeriodSeconds + shutdown.timeoutPerShutdownPhaseSeconds (%d)" $given (int $needed)) }}
{{- else }}
{{- $given }}
{{- end }}
{{- end }}

{{/*
The CPUs the JVM sizes itself for (-XX:ActiveProcessorCount): jvm.activeProcessorCount, or when that is 0 the
container's CPU limit (else its request) rounded up; nothing when neither is set. Without it a pod with no CPU
limit would size its GC and generation threads for every core of the node.
*/}}
{{- define "glorot.activeProcessorCount" -}}
{{- $given := int .Values.jvm.activeProcessorCount }}
{{- if gt $given 0 }}
{{- $given }}
{{- else }}
{{- $resources := .Values.resources | default dict }}
{{- $cpu := "" }}
{{- with $resources.limits }}{{ with .cpu }}{{ $cpu = toString . }}{{ end }}{{ end }}
{{- if not $cpu }}{{ with $resources.requests }}{{ with .cpu }}{{ $cpu = toString . }}{{ end }}{{ end }}{{ end }}
{{- if $cpu }}
{{- if hasSuffix "m" $cpu }}
{{- max 1 (int (ceil (divf (float64 (trimSuffix "m" $cpu)) 1000))) }}
{{- else }}
{{- max 1 (int (ceil (float64 $cpu))) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
JDK_JAVA_OPTIONS: jvm.options (the image's defaults unless replaced), the processor count, then jvm.extraOptions;
a later flag wins over an earlier one.
*/}}
{{- define "glorot.jvmOptions" -}}
{{- $parts := list .Values.jvm.options }}
{{- with include "glorot.activeProcessorCount" . }}
{{- $parts = append $parts (printf "-XX:ActiveProcessorCount=%s" .) }}
{{- end }}
{{- with .Values.jvm.extraOptions }}
{{- $parts = append $parts . }}
{{- end }}
{{- join " " (compact $parts) }}
{{- end }}
