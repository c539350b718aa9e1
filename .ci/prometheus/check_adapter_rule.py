#!/usr/bin/python3
"""Evaluates the prometheus-adapter rule of docs/deploy.md the way the adapter does, against a running Prometheus.

    check_adapter_rule.py PROMETHEUS_URL DEPLOY_MD VALUES_YAML NAMESPACE MIN_IN_FLIGHT

The rule is the ```yaml block of docs/deploy.md that holds `rules:`. The HPA that autoscaling.admissionMetric
renders asks the custom metrics API for the Pods metric autoscaling.admissionMetric.name of the release's pods;
prometheus-adapter (kubernetes-sigs/prometheus-adapter) answers it in three steps, mirrored here:
1. discovery: it sends seriesQuery to /api/v1/series, keeps the series that carry the labels `resources` maps to
   the namespace and pod resources, and names each metric by `name` (matches, default ".*"; as);
2. the query: it expands metricsQuery, a Go template with the delimiters << >>, with Series (the series name),
   LabelMatchers (the HPA's metric selector, none here, then namespace="NS", then pod="a" or pod=~"a|b", each
   formatted with %q: pkg/naming/metrics_query.go, Build) and GroupBy (the pod label), and sends it to
   /api/v1/query;
3. the answer: it maps every returned sample to a pod by its pod label, one value per pod; a second sample for a
   pod silently replaces the first (pkg/custom-provider/series_registry.go, MatchValuesToNames).
Checks: the rule names the metric the chart's HPA asks for; discovery finds the pods; the query returns exactly
one sample per pod, each with the pod label; each value is the most large answers that pod had in generation at
once over the last 2 minutes (computed here from the raw samples of lane="large", not by PromQL), which is at
least MIN_IN_FLIGHT (the step keeps that many large answers streaming while it runs).
"""
import json
import re
import sys
import time
import urllib.parse
import urllib.request

import yaml


def get(base, path, **params):
    url = f'{base}{path}?{urllib.parse.urlencode(params, doseq=True)}'
    with urllib.request.urlopen(url, timeout=30) as answer:
        body = json.load(answer)
    if body.get('status') != 'success':
        sys.exit(f'FAIL  {url}: {body}')
    return body['data']


def rule_of(deploy_md):
    with open(deploy_md, encoding='utf-8') as file:
        blocks = re.findall(r'```yaml\n(.*?)```', file.read(), re.S)
    rules = [yaml.safe_load(block)['rules'] for block in blocks if re.match(r'\s*rules:', block)]
    if len(rules) != 1 or len(rules[0]) != 1:
        sys.exit(f'FAIL  {deploy_md}: expected one yaml block with one prometheus-adapter rule, found {rules}')
    return rules[0][0]


def go_quote(value):
    # Go's %q for the label values at hand (names of Kubernetes objects, and | between them)
    if not re.fullmatch(r'[A-Za-z0-9._|-]*', value):
        sys.exit(f'FAIL  a label value this check cannot quote as Go does: {value!r}')
    return f'"{value}"'


def expand(template, series, label_matchers, group_by):
    fields = {'Series': series, 'LabelMatchers': label_matchers, 'GroupBy': group_by}
    unknown = [action for action in re.findall(r'<<\s*(.*?)\s*>>', template) if action.lstrip('.') not in fields]
    if unknown:
        sys.exit(f'FAIL  metricsQuery uses template actions this check does not expand: {unknown}')
    return re.sub(r'<<\s*\.(\w+)\s*>>', lambda match: fields[match.group(1)], template)


def main(base, deploy_md, values_yaml, namespace, min_in_flight):
    rule = rule_of(deploy_md)
    with open(values_yaml, encoding='utf-8') as file:
        wanted = yaml.safe_load(file)['autoscaling']['admissionMetric']['name']
    failures = []

    # resources: which series labels stand for the namespace and for the pod
    overrides = rule['resources']['overrides']
    labels = {spec['resource'].rstrip('s'): label for label, spec in overrides.items()}
    namespace_label, pod_label = labels['namespace'], labels['pod']

    # 1. discovery
    series = get(base, '/api/v1/series', **{'match[]': rule['seriesQuery']})
    series = [s for s in series if s.get(namespace_label) and s.get(pod_label)]
    names = {s['__name__'] for s in series}
    naming = rule.get('name', {})
    api_names = set()
    for name in names:
        match = re.search(naming.get('matches', '.*'), name)
        if not match:
            continue
        groups = match.groups()
        default_as = '$1' if len(groups) == 1 else '$0'
        api_names.add(re.sub(r'\$\{?(\d+)\}?', lambda g: match.group(int(g.group(1))), naming.get('as', default_as)))
    if api_names != {wanted}:
        failures.append(f'the rule serves {sorted(api_names)}; the chart\'s HPA asks for {wanted}')
    if len(names) != 1:
        sys.exit(f'FAIL  seriesQuery {rule["seriesQuery"]} found the series names {sorted(names)}, not one')
    (series_name,) = names
    pods = sorted({s[pod_label] for s in series if s[namespace_label] == namespace})
    if not pods:
        sys.exit(f'FAIL  seriesQuery found no series in namespace {namespace}')

    # 2. the query, as the adapter builds it for the HPA's request (all pods of the namespace at once)
    pod_matcher = f'{pod_label}={go_quote(pods[0])}' if len(pods) == 1 else f'{pod_label}=~{go_quote("|".join(pods))}'
    label_matchers = ','.join([f'{namespace_label}={go_quote(namespace)}', pod_matcher])
    query = expand(rule['metricsQuery'], series_name, label_matchers, pod_label)
    print(f'adapter query for pods {pods}: {query}')
    at = f'{time.time():.3f}'  # both queries below see the same instant
    result = get(base, '/api/v1/query', query=query, time=at)
    if result['resultType'] != 'vector':
        sys.exit(f'FAIL  the query answers a {result["resultType"]}, the adapter needs a vector')

    # 3. the answer: one sample per pod
    per_pod = {}
    for sample in result['result']:
        pod = sample['metric'].get(pod_label)
        if pod is None:
            failures.append(f'a sample without the {pod_label} label, which the adapter cannot map: {sample}')
            continue
        per_pod.setdefault(pod, []).append((sample['metric'], float(sample['value'][1])))
    # the reference: the largest raw sample of the large lane per pod over the same 2 minutes
    raw = get(base, '/api/v1/query',
              query=f'{series_name}{{lane="large",{namespace_label}="{namespace}"}}[2m]', time=at)['result']
    expected = {}
    for stream in raw:
        pod = stream['metric'][pod_label]
        expected[pod] = max([expected.get(pod, 0.0)] + [float(value) for _, value in stream['values']])
    for pod in pods:
        samples = per_pod.get(pod, [])
        if len(samples) != 1:
            failures.append(f'pod {pod}: {len(samples)} samples, the adapter needs exactly one: {samples}')
            continue
        value = samples[0][1]
        print(f'pod {pod}: {wanted} = {value:g} (labels {samples[0][0]}); large answers in generation at once, '
              f'most in 2 min: {expected.get(pod)}')
        if value != expected.get(pod):
            failures.append(f'pod {pod}: the rule gives {value:g}, the large lane peaked at {expected.get(pod)}')
        if value < min_in_flight:
            failures.append(f'pod {pod}: {value:g} while {min_in_flight} large answers were in generation')
    for failure in failures:
        print(f'FAIL  {failure}', file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f'the prometheus-adapter rule gives one value per pod for {len(pods)} pods')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
