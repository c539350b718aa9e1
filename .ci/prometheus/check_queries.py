#!/usr/bin/python3
"""Checks the glorot dashboard and the PromQL of docs/operations.md against a running Prometheus.

    check_queries.py PROMETHEUS_URL DASHBOARD_JSON OPERATIONS_MD

1. The dashboard JSON has the fields Grafana needs to import it (uid, title, schemaVersion, panels with unique ids,
   a type, a title, a gridPos within 24 columns, a Prometheus data source and targets with unique refIds and an
   expr; templating variables with a name and a type) and no panel overlaps another.
2. Every panel query, with the dashboard's variables put back to the docs' form (job="glorot", [5m]), is one of
   the expressions in the ```promql blocks of docs/operations.md.
3. Every documented expression and every panel query (variables set to job="glorot", namespace=~".*", 1m) is sent
   to Prometheus's /api/v1/query: each must parse and return data (the kube-state-metrics series, kube_*, come
   from the stand-in exporter that .ci/steps/45-prometheus.sh serves).
Standard library only. Exits 1 on the first kind of failure it finds, after listing them all.
"""
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

PANEL_SELECTOR = 'job="$job", namespace=~"$namespace"'


def fail(failures):
    for failure in failures:
        print(f'FAIL  {failure}', file=sys.stderr)
    sys.exit(1)


def check_dashboard(dashboard):
    failures = []
    for key, kind in (('uid', str), ('title', str), ('schemaVersion', int), ('panels', list), ('templating', dict),
                      ('time', dict)):
        if not isinstance(dashboard.get(key), kind):
            failures.append(f'dashboard: "{key}" must be a {kind.__name__}')
    if len(dashboard.get('uid', '')) > 40:
        failures.append('dashboard: uid longer than 40 characters')
    for variable in dashboard.get('templating', {}).get('list', []):
        if not variable.get('name') or not variable.get('type'):
            failures.append(f'dashboard: variable without name or type: {variable}')
    ids, cells, queries = set(), {}, []
    for panel in dashboard.get('panels', []):
        where = f'panel {panel.get("id")} "{panel.get("title")}"'
        for key in ('id', 'type', 'title', 'gridPos'):
            if key not in panel:
                failures.append(f'{where}: no "{key}"')
        if panel.get('id') in ids:
            failures.append(f'{where}: id used twice')
        ids.add(panel.get('id'))
        grid = panel.get('gridPos', {})
        if not all(isinstance(grid.get(k), int) for k in ('h', 'w', 'x', 'y')) or grid.get('x', 0) + grid.get('w', 0) > 24:
            failures.append(f'{where}: gridPos must have integer h, w, x, y within 24 columns: {grid}')
        else:
            for row in range(grid['y'], grid['y'] + grid['h']):
                for column in range(grid['x'], grid['x'] + grid['w']):
                    if (row, column) in cells:
                        failures.append(f'{where}: overlaps {cells[(row, column)]}')
                        break
                    cells[(row, column)] = where
        if panel.get('type') == 'row':
            continue
        if panel.get('datasource', {}).get('type') != 'prometheus':
            failures.append(f'{where}: data source is not a Prometheus one')
        targets = panel.get('targets') or []
        if not targets:
            failures.append(f'{where}: no targets')
        ref_ids = [target.get('refId') for target in targets]
        if len(set(ref_ids)) != len(ref_ids) or not all(ref_ids):
            failures.append(f'{where}: refIds missing or repeated: {ref_ids}')
        for target in targets:
            if not target.get('expr'):
                failures.append(f'{where}: target {target.get("refId")} has no expr')
            else:
                queries.append((where, target['expr']))
    return failures, queries


def documented_expressions(markdown):
    """The expressions of the ```promql blocks: a line that does not start with blanks or '#' starts one, lines
    that start with blanks continue it."""
    expressions = []
    for block in re.findall(r'```promql\n(.*?)```', markdown, re.S):
        current = None
        for line in block.splitlines():
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            if line[0].isspace() and current is not None:
                current += ' ' + line.strip()
            else:
                if current is not None:
                    expressions.append(current)
                current = line.strip()
        if current is not None:
            expressions.append(current)
    return expressions


def squeeze(expression):
    return re.sub(r'\s+', '', expression)


def query(prometheus, expression):
    url = prometheus + '/api/v1/query?' + urllib.parse.urlencode({'query': expression})
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)


def main():
    prometheus, dashboard_file, docs_file = sys.argv[1:4]
    with open(dashboard_file, encoding='utf-8') as f:
        dashboard = json.load(f)
    with open(docs_file, encoding='utf-8') as f:
        documented = documented_expressions(f.read())
    failures, panels = check_dashboard(dashboard)
    if failures:
        fail(failures)
    print(f'ok    dashboard "{dashboard["title"]}": {len(dashboard["panels"])} panels, {len(panels)} queries, fields Grafana needs present')

    known = {squeeze(e) for e in documented}
    for where, expr in panels:
        docs_form = expr.replace(PANEL_SELECTOR, 'job="glorot"').replace('$__rate_interval', '5m')
        if '$' in docs_form or squeeze(docs_form) not in known:
            failures.append(f'{where}: query is not one docs/operations.md explains: {docs_form}')
    if failures:
        fail(failures)
    print(f'ok    every panel query is explained in docs/operations.md ({len(documented)} documented expressions)')

    to_run = [('docs', e) for e in documented]
    to_run += [(where, e.replace(PANEL_SELECTOR, 'job="glorot", namespace=~".*"').replace('$__rate_interval', '1m'))
               for where, e in panels]
    for where, expr in to_run:
        answer = query(prometheus, expr)
        if answer.get('status') != 'success':
            failures.append(f'{where}: does not evaluate: {answer.get("error")}: {expr}')
            continue
        result = answer['data']['result']
        if not result:
            failures.append(f'{where}: no data: {expr}')
            continue
        print(f'ok    {len(result):3d} series  {expr[:110]}')
    if failures:
        fail(failures)
    print(f'ok    {len(to_run)} expressions evaluated by Prometheus')


if __name__ == '__main__':
    main()
