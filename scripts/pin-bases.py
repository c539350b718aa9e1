#!/usr/bin/python3
"""Resolves the Dockerfile's base images to the digests their registry serves now, and prints or writes the pins.

    scripts/pin-bases.py                      # JDK_DIGEST=sha256:... and BASE_DIGEST=sha256:..., one a line
    scripts/pin-bases.py --build-args         # --build-arg JDK_DIGEST=... --build-arg BASE_DIGEST=..., for docker build
    scripts/pin-bases.py --write              # the same digests into the Dockerfile's ARG JDK_DIGEST/BASE_DIGEST lines
    scripts/pin-bases.py --base-image registry.example.com/mirror/debian:bookworm-slim ...   # another image or mirror

The images are the Dockerfile's ARG JDK_IMAGE and ARG BASE_IMAGE defaults unless --jdk-image/--base-image name
others (then those are printed, or written, too). For each tag it asks the registry's manifest endpoint
(GET /v2/<repository>/manifests/<tag>, the Docker Registry HTTP API v2 / OCI distribution API), accepting an image
index or manifest list first, as `docker buildx imagetools inspect` does: the digest of a multi-platform image is its
index's, valid on every platform. It checks that the Docker-Content-Digest the registry reports is the SHA-256 of the
bytes it sent. Docker Hub names are expanded (debian:bookworm-slim is registry-1.docker.io, library/debian) and its
anonymous pull token is fetched from the Bearer challenge. A registry on localhost or 127.0.0.0/8 is asked over plain
HTTP (as docker does), every other one over HTTPS (--plain-http HOST to change that). Needs only Python 3.
docs/deploy.md, "Pinning the bases".
"""
import argparse
import hashlib
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

ACCEPT = ", ".join([
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
])
DOCKER_HUB = "registry-1.docker.io"
ARGS = {"jdk": ("JDK_IMAGE", "JDK_DIGEST"), "base": ("BASE_IMAGE", "BASE_DIGEST")}


def parse_reference(reference):
    """(registry host, repository, tag) of an image reference such as debian:bookworm-slim or host:5000/a/b:tag."""
    if "@" in reference:
        raise ValueError(f"{reference} is already pinned by digest")
    first, _, rest = reference.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        host, path = first, rest
    else:
        host, path = DOCKER_HUB, reference
    name, _, tag = path.rpartition(":") if ":" in path.rsplit("/", 1)[-1] else (path, "", "latest")
    if host == DOCKER_HUB and "/" not in name:
        name = "library/" + name
    if not re.fullmatch(r"[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*", name):
        raise ValueError(f"{reference}: {name} is not a repository name")
    return host, name, tag


def plain_http(host, forced):
    hostname = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    return host in forced or hostname in ("localhost", "[::1]") or hostname.startswith("127.")


def manifest_url(reference, forced_plain=()):
    host, name, tag = parse_reference(reference)
    scheme = "http" if plain_http(host, forced_plain) else "https"
    return f"{scheme}://{host}/v2/{name}/manifests/{tag}", name


def bearer_token(challenge, repository):
    """The anonymous pull token a Bearer challenge (WWW-Authenticate) offers."""
    fields = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
    if "realm" not in fields:
        raise RuntimeError(f"cannot answer the registry's challenge: {challenge}")
    query = {"scope": fields.get("scope", f"repository:{repository}:pull")}
    if "service" in fields:
        query["service"] = fields["service"]
    with urllib.request.urlopen(fields["realm"] + "?" + urllib.parse.urlencode(query), timeout=30) as answer:
        body = json.load(answer)
    return body.get("token") or body["access_token"]


def resolve(reference, forced_plain=()):
    """The digest the registry serves for the reference's tag now, checked against the manifest's bytes."""
    url, repository = manifest_url(reference, forced_plain)
    headers = {"Accept": ACCEPT}
    for attempt in range(2):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as answer:
                body = answer.read()
                reported = answer.headers.get("Docker-Content-Digest")
                media_type = answer.headers.get("Content-Type", "")
            break
        except urllib.error.HTTPError as error:
            challenge = error.headers.get("WWW-Authenticate", "")
            if error.code == 401 and attempt == 0 and challenge.lower().startswith("bearer"):
                headers["Authorization"] = "Bearer " + bearer_token(challenge, repository)
                continue
            raise RuntimeError(f"{reference}: {url} answered {error.code} {error.reason}") from None
    computed = "sha256:" + hashlib.sha256(body).hexdigest()
    if reported and reported != computed:
        raise RuntimeError(f"{reference}: the registry reports {reported} for a manifest whose SHA-256 is {computed}")
    return computed, media_type


def dockerfile_defaults(text):
    return dict(re.findall(r"^ARG (JDK_IMAGE|BASE_IMAGE)=(\S+)\s*$", text, re.MULTILINE))


def write_pins(text, pins):
    for name, value in pins.items():
        text, count = re.subn(rf"^ARG {name}=.*$", f"ARG {name}={value}", text, count=1, flags=re.MULTILINE)
        if count != 1:
            raise RuntimeError(f"the Dockerfile has no ARG {name}= line")
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dockerfile", default="Dockerfile", help="the Dockerfile to read (and --write)")
    parser.add_argument("--jdk-image", help="the build stages' JDK image (default: the Dockerfile's JDK_IMAGE)")
    parser.add_argument("--base-image", help="the runtime base image (default: the Dockerfile's BASE_IMAGE)")
    parser.add_argument("--plain-http", action="append", default=[], metavar="HOST",
                        help="ask this registry (host[:port]) over plain HTTP")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--build-args", action="store_true", help="print --build-arg options for docker build")
    output.add_argument("--write", action="store_true", help="write the pins into the Dockerfile's ARG lines")
    output.add_argument("--urls", action="store_true", help="print the manifest URLs that would be asked, and stop")
    options = parser.parse_args()

    with open(options.dockerfile, encoding="utf-8") as file:
        text = file.read()
    defaults = dockerfile_defaults(text)
    chosen = {"jdk": options.jdk_image, "base": options.base_image}
    pins = {}
    for key, (image_arg, digest_arg) in ARGS.items():
        if image_arg not in defaults:
            sys.exit(f"pin-bases: {options.dockerfile} has no ARG {image_arg}=... default")
        image = chosen[key] or defaults[image_arg]
        if options.urls:
            print(f"{image_arg}={image} {manifest_url(image, options.plain_http)[0]}")
            continue
        try:
            digest, media_type = resolve(image, options.plain_http)
        except (ValueError, RuntimeError) as error:
            sys.exit(f"pin-bases: {error}")
        except (urllib.error.URLError, OSError) as error:
            sys.exit(f"pin-bases: {image}: cannot reach {manifest_url(image, options.plain_http)[0]}: {error}")
        print(f"pin-bases: {image} is {digest} ({media_type})", file=sys.stderr)
        if chosen[key]:
            pins[image_arg] = image
        pins[digest_arg] = digest
    if options.urls:
        return
    if options.write:
        with open(options.dockerfile, "w", encoding="utf-8") as file:
            file.write(write_pins(text, pins))
        print(f"pin-bases: wrote {', '.join(pins)} into {options.dockerfile}", file=sys.stderr)
    elif options.build_args:
        print(" ".join(f"--build-arg {name}={value}" for name, value in pins.items()))
    else:
        for name, value in pins.items():
            print(f"{name}={value}")


if __name__ == "__main__":
    main()
