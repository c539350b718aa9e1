{{/*
Sizes of the service's settings (glorot.connections, glorot.connector, glorot.admission.memory, glorot.cache):
given as Kubernetes quantities in values, passed to the service in bytes. Spring reads "1GB" as 2^30 bytes where
Kubernetes reads "1G" as 10^9, so the chart never hands the service a unit.
*/}}

{{/*
The bytes of a Kubernetes quantity (a string such as "256Ki", "1.5Gi", "20G", or a number of bytes), as an integer
(rounded to the nearest byte; exact up to 2^53 bytes, 8 PiB, since templates compute in float64).
*/}}
{{- define "glorot.bytes" -}}
{{- if kindIs "string" . }}
{{- $number := regexReplaceAll "^([0-9.]+).*$" . "${1}" }}
{{- $suffix := regexReplaceAll "^[0-9.]+" . "" }}
{{- $units := dict "" 1.0 "m" 0.001 "k" 1000.0 "M" 1000000.0 "G" 1000000000.0 "T" 1000000000000.0 "P" 1000000000000000.0 "E" 1000000000000000000.0 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "Pi" 1125899906842624.0 "Ei" 1152921504606846976.0 }}
{{- if not (hasKey $units $suffix) }}
{{- fail (printf "%q is not a Kubernetes quantity of bytes" .) }}
{{- end }}
{{- printf "%.0f" (mulf (float64 $number) (get $units $suffix)) }}
{{- else }}
{{- printf "%.0f" (float64 .) }}
{{- end }}
{{- end }}

{{/*
Whether the repeat cache is on: "true" or "".
*/}}
{{- define "glorot.cacheEnabled" -}}
{{- if gt (float64 (include "glorot.bytes" .Values.glorot.cache.maxSize)) 0.0 }}true{{ end }}
{{- end }}

{{/*
The sizeLimit of the cache's emptyDir: glorot.cache.volume.sizeLimit, or maxSize plus a quarter of it (at least
256Mi) in whole MiB. The margin is for what the budget does not count: an evicted answer is deleted 30 s after
its eviction (the connector may be about to send it) and a file being sent stays on disk until it is sent.
*/}}
{{- define "glorot.cacheSizeLimit" -}}
{{- with .Values.glorot.cache.volume.sizeLimit }}
{{- . }}
{{- else }}
{{- $budget := float64 (include "glorot.bytes" .Values.glorot.cache.maxSize) }}
{{- $margin := maxf 268435456.0 (divf $budget 4.0) }}
{{- printf "%.0fMi" (ceil (divf (addf $budget $margin) 1048576.0)) }}
{{- end }}
{{- end }}

{{/*
The heap the JVM will take, in bytes, as far as the chart can tell from its flags and the memory limit: the last
-Xmx, else the last -XX:MaxRAMPercentage of the limit, else the JVM's default of a quarter of it; "" when the
container has no memory limit.
*/}}
{{- define "glorot.heapBytes" -}}
{{- $options := include "glorot.jvmOptions" . }}
{{- $xmx := regexFindAll "-Xmx[0-9]+[kKmMgGtT]?" $options -1 }}
{{- if $xmx }}
{{- $size := trimPrefix "-Xmx" (last $xmx) }}
{{- $units := dict "k" 1024.0 "m" 1048576.0 "g" 1073741824.0 "t" 1099511627776.0 }}
{{- $unit := lower (regexReplaceAll "^[0-9]+" $size "") }}
{{- printf "%.0f" (mulf (float64 (regexReplaceAll "[^0-9]" $size "")) (ternary 1.0 (get $units $unit) (eq $unit ""))) }}
{{- else }}
{{- $limit := "" }}
{{- with .Values.resources }}{{ with .limits }}{{ with .memory }}{{ $limit = include "glorot.bytes" . }}{{ end }}{{ end }}{{ end }}
{{- if $limit }}
{{- $percent := 25.0 }}
{{- with regexFindAll "-XX:MaxRAMPercentage=[0-9.]+" $options -1 }}
{{- $percent = float64 (trimPrefix "-XX:MaxRAMPercentage=" (last .)) }}
{{- end }}
{{- printf "%.0f" (floor (divf (mulf (float64 $limit) $percent) 100.0)) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The container's resources: the values' resources, plus, when the repeat cache is on an emptyDir, an
ephemeral-storage request for that emptyDir and /tmp together (unless one is given), so that the scheduler places
the pod on a node with that much disk. Fails when an ephemeral-storage limit does not cover them.
*/}}
{{- define "glorot.resources" -}}
{{- $resources := deepCopy (.Values.resources | default dict) }}
{{- if and (include "glorot.cacheEnabled" .) (not .Values.glorot.cache.volume.existingClaim) }}
{{- $disk := float64 (include "glorot.bytes" (include "glorot.cacheSizeLimit" .)) }}
{{- with .Values.tmpVolume.sizeLimit }}
{{- $disk = addf $disk (float64 (include "glorot.bytes" .)) }}
{{- end }}
{{- $needed := printf "%.0fMi" (ceil (divf $disk 1048576.0)) }}
{{- $requests := get $resources "requests" | default dict }}
{{- if not (hasKey $requests "ephemeral-storage") }}
{{- $_ := set $requests "ephemeral-storage" $needed }}
{{- $_ := set $resources "requests" $requests }}
{{- end }}
{{- with get $resources "limits" }}
{{- with get . "ephemeral-storage" }}
{{- if lt (float64 (include "glorot.bytes" .)) $disk }}
{{- fail (printf "resources.limits.ephemeral-storage (%v) must cover the repeat cache's emptyDir and /tmp (%s): the kubelet evicts a pod whose emptyDir volumes exceed it" . $needed) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $resources }}
{{- end }}

{{/*
Refuses settings that cannot work, with a message naming the value: a cache budget larger than its emptyDir, a
claim shared by several pods, a socket buffer Tomcat cannot take, an admission budget that leaves the service too
little heap.
*/}}
{{- define "glorot.checkSettings" -}}
{{- $cache := .Values.glorot.cache }}
{{- if include "glorot.cacheEnabled" . }}
{{- if $cache.volume.existingClaim }}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) }}
{{- fail (printf "glorot.cache.volume.existingClaim (%s) serves one pod only (the service owns the cache directory and deletes what it did not write); with replicaCount > 1 or autoscaling use the emptyDir (glorot.cache.volume.sizeLimit)" $cache.volume.existingClaim) }}
{{- end }}
{{- else }}
{{- $limit := include "glorot.cacheSizeLimit" . }}
{{- if gt (float64 (include "glorot.bytes" $cache.maxSize)) (float64 (include "glorot.bytes" $limit)) }}
{{- fail (printf "glorot.cache.maxSize (%v) must not exceed glorot.cache.volume.sizeLimit (%v): the kubelet evicts a pod whose emptyDir outgrows its sizeLimit; leave it empty to derive it from maxSize" $cache.maxSize $limit) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $size := dict "glorot.connections.sendBuffer" .Values.glorot.connections.sendBuffer "glorot.connector.writeBuffer" .Values.glorot.connector.writeBuffer }}
{{- if gt (float64 (include "glorot.bytes" $size)) 2147483647.0 }}
{{- fail (printf "%s (%v) must be below 2Gi: Tomcat takes a socket buffer size as an int" $name $size) }}
{{- end }}
{{- end }}
{{- $budget := float64 (include "glorot.bytes" .Values.glorot.admission.memory.budget) }}
{{- $heap := include "glorot.heapBytes" . }}
{{- if and (gt $budget 0.0) $heap }}
{{- if gt $budget (mulf (float64 $heap) 0.75) }}
{{- fail (printf "glorot.admission.memory.budget (%v) must not exceed 3/4 of the heap (%.0f MiB of %.0f MiB, from resources.limits.memory and the JVM flags): the service, Tomcat and the collector need the rest" .Values.glorot.admission.memory.budget (divf (mulf (float64 $heap) 0.75) 1048576.0) (divf (float64 $heap) 1048576.0)) }}
{{- end }}
{{- end }}
{{- end }}
