#!/usr/bin/python3
"""Turns the chart's rendered proxy recipes into configurations of real proxies, for .ci/steps/43-proxies.sh.

    proxy_configs.py env RENDERED
        the rendered Deployment's GLOROT_LIMITS_* and GLOROT_CONNECTIONS_* env entries, one NAME=VALUE a line (the
        step starts the jar with them, as the pod would run: behind a proxy, with the per-client cap off)
    proxy_configs.py nginx RENDERED VALUES WORK UPSTREAM PLAIN_PORT RECIPE_PORT BUFFERED_PORT IDLE_PORT
        writes WORK/nginx.conf: four servers in front of UPSTREAM (host:port), each what ingress-nginx renders
        for the rendered Ingress's path: PLAIN_PORT with no annotation (ingress-nginx's defaults), RECIPE_PORT with
        the rendered Ingress's annotations, BUFFERED_PORT with the defaults plus the ConfigMap key
        proxy-buffering: "on" (how a cluster-wide ConfigMap, or NGINX Inc.'s controller whose default it is,
        buffers), IDLE_PORT with the defaults but proxy-read-timeout and proxy-send-timeout "1" (the 60 s
        defaults scaled down); checks first that the rendered annotations are the ones values.yaml recommends
    proxy_configs.py gateway RENDERED WORK UPSTREAM SHORT_PORT SHORT_TIMEOUT RECIPE_PORT
        writes WORK/caddy.json: Caddy's reverse proxy to UPSTREAM twice, with a whole-response timeout of
        SHORT_TIMEOUT on SHORT_PORT and of the rendered HTTPRoute's timeouts.request on RECIPE_PORT; prints that
        timeout

ingress-nginx's defaults and what each annotation generates are taken from its documentation
(docs/user-guide/nginx-configuration/configmap.md, the defaults table; annotations.md, "Custom timeouts",
"Custom max body size", "Proxy buffering") and its template (rootfs/etc/nginx/template/nginx.tmpl, the location
block's proxy_* lines), cited next to each line below.
"""
import grp
import json
import os
import pwd
import re
import sys

import yaml

# ingress-nginx's ConfigMap defaults (configmap.md's table; internal/ingress/controller/config/config.go
# NewDefault) for the keys its template writes into every location
INGRESS_NGINX_DEFAULTS = {
    'proxy-body-size': '1m',            # -> client_max_body_size
    'proxy-connect-timeout': '5',       # -> proxy_connect_timeout, seconds
    'proxy-read-timeout': '60',         # -> proxy_read_timeout, between two reads, not for the whole response
    'proxy-send-timeout': '60',         # -> proxy_send_timeout, between two writes
    'proxy-buffering': 'off',           # -> proxy_buffering
    'proxy-request-buffering': 'on',    # -> proxy_request_buffering
    'proxy-buffer-size': '4k',          # -> proxy_buffer_size
    'proxy-buffers-number': '4',        # -> proxy_buffers NUMBER SIZE
    'proxy-max-temp-file-size': '1024m',  # -> proxy_max_temp_file_size
    'proxy-http-version': '1.1',        # -> proxy_http_version
    'client-body-buffer-size': '8k',    # -> client_body_buffer_size
    'proxy-next-upstream': 'error timeout',  # -> proxy_next_upstream
    'proxy-next-upstream-tries': '3',   # -> proxy_next_upstream_tries
}

PREFIX = 'nginx.ingress.kubernetes.io/'

# annotation -> ConfigMap key it overrides for one Ingress (annotations.md); the annotations the recipe uses
ANNOTATION_KEYS = ('proxy-body-size', 'proxy-connect-timeout', 'proxy-read-timeout', 'proxy-send-timeout',
                   'proxy-buffering', 'proxy-request-buffering', 'proxy-buffer-size', 'proxy-buffers-number',
                   'proxy-max-temp-file-size', 'proxy-http-version')


def documents(path):
    with open(path, encoding='utf-8') as file:
        return [doc for doc in yaml.safe_load_all(file) if doc]


def one(docs, kind):
    found = [doc for doc in docs if doc.get('kind') == kind]
    if len(found) != 1:
        sys.exit(f'proxy_configs: expected one {kind} in the rendering, found {len(found)}')
    return found[0]


def location(settings, upstream_name, temp_path):
    """The proxy lines of ingress-nginx's location block (nginx.tmpl), for the given ConfigMap/annotation values."""
    return f'''
            # ingress-nginx nginx.tmpl, location block
            client_max_body_size        {settings['proxy-body-size']};
            client_body_buffer_size     {settings['client-body-buffer-size']};
            proxy_set_header Host              $host;
            proxy_set_header Upgrade           $http_upgrade;
            proxy_set_header Connection        $connection_upgrade;
            proxy_set_header X-Real-IP         $remote_addr;
            proxy_set_header X-Forwarded-For   $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Proxy             "";
            proxy_connect_timeout       {settings['proxy-connect-timeout']}s;
            proxy_send_timeout          {settings['proxy-send-timeout']}s;
            proxy_read_timeout          {settings['proxy-read-timeout']}s;
            proxy_buffering             {settings['proxy-buffering']};
            proxy_buffer_size           {settings['proxy-buffer-size']};
            proxy_buffers               {settings['proxy-buffers-number']} {settings['proxy-buffer-size']};
            proxy_max_temp_file_size    {settings['proxy-max-temp-file-size']};
            proxy_request_buffering     {settings['proxy-request-buffering']};
            proxy_http_version          {settings['proxy-http-version']};
            proxy_next_upstream         {settings['proxy-next-upstream']};
            proxy_next_upstream_tries   {settings['proxy-next-upstream-tries']};
            proxy_temp_path             {temp_path};
            proxy_pass http://{upstream_name};'''


def recommended_annotations(values_path):
    """The ingress-nginx annotations that values.yaml recommends in its comment next to ingress.annotations."""
    recommended = {}
    with open(values_path, encoding='utf-8') as file:
        for line in file:
            match = re.match(r'\s*#\s+(nginx\.ingress\.kubernetes\.io/[a-z-]+):\s*"([^"]*)"', line)
            if match:
                recommended[match.group(1)] = match.group(2)
    return recommended


def nginx(rendered, values, work, upstream, plain_port, recipe_port, buffered_port, idle_port):
    docs = documents(rendered)
    annotations = one(docs, 'Ingress')['metadata'].get('annotations') or {}
    recommended = recommended_annotations(values)
    if not recommended:
        sys.exit(f'proxy_configs: no nginx.ingress.kubernetes.io annotation in the comments of {values}')
    if annotations != recommended:
        sys.exit(f'proxy_configs: the rendered Ingress has {annotations}, values.yaml recommends {recommended}')
    recipe = dict(INGRESS_NGINX_DEFAULTS)
    for name, value in annotations.items():
        key = name[len(PREFIX):]
        if key not in ANNOTATION_KEYS:
            sys.exit(f'proxy_configs: no translation for the annotation {name}')
        recipe[key] = value
    buffered = dict(INGRESS_NGINX_DEFAULTS, **{'proxy-buffering': 'on'})
    idle = dict(INGRESS_NGINX_DEFAULTS, **{'proxy-read-timeout': '1', 'proxy-send-timeout': '1'})
    servers = ''
    for label, port, settings in (('plain', plain_port, INGRESS_NGINX_DEFAULTS), ('recipe', recipe_port, recipe),
                                  ('buffered', buffered_port, buffered), ('idle', idle_port, idle)):
        servers += f'''
    # {label}: {', '.join(f'{k}={v}' for k, v in settings.items() if INGRESS_NGINX_DEFAULTS[k] != v) or 'defaults'}
    server {{
        listen 127.0.0.1:{port};
        access_log off;
        location / {{{location(settings, 'glorot', f'{work}/temp-{label}')}
        }}
    }}
'''
    # a master started as root runs its workers as nobody, who could not write the temporary directories
    user = f'user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};' if os.geteuid() == 0 else ''
    conf = f'''# written by .ci/proxies/proxy_configs.py for .ci/steps/43-proxies.sh
{user}
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{
    worker_connections 256;
}}
http {{
    default_type application/octet-stream;
    client_body_temp_path {work}/client-body;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    proxy_temp_path {work}/proxy;
    # ingress-nginx nginx.tmpl, http block (keep-alive 75 s; keepalive to upstreams, so Connection '' by default)
    keepalive_timeout 75s;
    reset_timedout_connection on;
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        '' '';
    }}
    upstream glorot {{
        server {upstream};
        keepalive 320;
    }}
{servers}}}
'''
    with open(f'{work}/nginx.conf', 'w', encoding='utf-8') as file:
        file.write(conf)
    for key in ANNOTATION_KEYS:
        if recipe[key] != INGRESS_NGINX_DEFAULTS[key]:
            print(f'  {PREFIX}{key}: "{recipe[key]}" (default "{INGRESS_NGINX_DEFAULTS[key]}")')


def gateway(rendered, work, upstream, short_port, short_timeout, recipe_port):
    route = one(documents(rendered), 'HTTPRoute')
    rules = route['spec']['rules']
    if len(rules) != 1:
        sys.exit(f'proxy_configs: expected one rule in the HTTPRoute, found {len(rules)}')
    timeout = rules[0].get('timeouts', {}).get('request')
    if not timeout or not re.fullmatch(r'\d+(ms|s|m|h)', timeout):
        sys.exit(f'proxy_configs: the HTTPRoute has no Gateway API duration in timeouts.request: {timeout!r}')

    def server(port, write_timeout):
        # Go's http.Server WriteTimeout, which Caddy exposes as write_timeout: a deadline for writing the whole
        # response, set once when the request's head has been read; every write after it fails
        return {
            'listen': [f'127.0.0.1:{port}'],
            'write_timeout': write_timeout,
            'automatic_https': {'disable': True},
            'routes': [{'handle': [{'handler': 'reverse_proxy', 'flush_interval': -1,
                                    'upstreams': [{'dial': upstream}]}]}],
        }

    config = {
        'admin': {'disabled': True},
        'logging': {'logs': {'default': {'level': 'ERROR'}}},
        'storage': {'module': 'file_system', 'root': f'{work}/caddy-storage'},
        'apps': {'http': {'servers': {'short': server(short_port, short_timeout),
                                      'recipe': server(recipe_port, timeout)}}},
    }
    with open(f'{work}/caddy.json', 'w', encoding='utf-8') as file:
        json.dump(config, file, indent=2)
    print(timeout)


def env(rendered):
    deployment = one(documents(rendered), 'Deployment')
    for container in deployment['spec']['template']['spec']['containers']:
        for entry in container.get('env', []):
            if entry['name'].startswith(('GLOROT_LIMITS_', 'GLOROT_CONNECTIONS_')) and 'value' in entry:
                print(f'{entry["name"]}={entry["value"]}')


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'env':
        env(*args)
    elif command == 'nginx':
        nginx(*args)
    elif command == 'gateway':
        gateway(*args)
    else:
        sys.exit(f'proxy_configs: unknown command {command}')
