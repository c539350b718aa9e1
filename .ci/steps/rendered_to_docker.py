#!/usr/bin/python3
"""Turns what the Helm chart renders into the docker run that CI tests (.ci/steps/40-container.sh).

    rendered_to_docker.py RENDERED.yaml run-args     docker run options, one per line: memory and CPU limits, user,
                                                     read-only root, tmpfs for each emptyDir, capabilities, no new
                                                     privileges, stop timeout, and every env entry with a value
    rendered_to_docker.py RENDERED.yaml grace        the pod's terminationGracePeriodSeconds
    rendered_to_docker.py RENDERED.yaml memory-bytes the container's memory limit in bytes
    rendered_to_docker.py RENDERED.yaml env NAME     the value of one env entry of the container
    rendered_to_docker.py RENDERED.yaml test-script  the shell script of the helm test pod (its command's last part)

Fails (exit 1, with the reason) on anything of the Deployment it cannot carry over, so a setting the chart adds
cannot silently stay out of the test.
"""
import sys

import yaml

UNITS = {"": 1, "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}


def quantity_bytes(text):
    text = str(text)
    for unit in sorted(UNITS, key=len, reverse=True):
        if unit and text.endswith(unit):
            return int(float(text[: -len(unit)]) * UNITS[unit])
    return int(float(text))


def cpus(text):
    text = str(text)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def fail(message):
    print(f"rendered_to_docker: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    path, what = sys.argv[1], sys.argv[2]
    with open(path) as f:
        documents = [d for d in yaml.safe_load_all(f) if d]
    deployments = [d for d in documents if d["kind"] == "Deployment"]
    if len(deployments) != 1:
        fail(f"{path}: expected one Deployment, found {len(deployments)}")
    pod = deployments[0]["spec"]["template"]["spec"]
    if len(pod["containers"]) != 1:
        fail("expected one container")
    container = pod["containers"][0]
    env = {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}

    if what == "grace":
        print(pod["terminationGracePeriodSeconds"])
    elif what == "memory-bytes":
        print(quantity_bytes(container["resources"]["limits"]["memory"]))
    elif what == "env":
        print(env[sys.argv[3]])
    elif what == "test-script":
        tests = [d for d in documents if d["kind"] == "Pod" and d["metadata"]["name"].endswith("-test")]
        if len(tests) != 1:
            fail("expected the helm test pod")
        print(tests[0]["spec"]["containers"][0]["command"][-1], end="")
    elif what == "run-args":
        args = []
        limits = container["resources"].get("limits", {})
        if "memory" in limits:
            args.append(f"--memory={quantity_bytes(limits['memory'])}")
        if "cpu" in limits:
            args.append(f"--cpus={cpus(limits['cpu'])}")
        context = {**pod.get("securityContext", {}), **container.get("securityContext", {})}
        known = {"runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "seccompProfile", "allowPrivilegeEscalation",
                 "readOnlyRootFilesystem", "privileged", "capabilities"}
        if set(context) - known:
            fail(f"security settings not carried over: {sorted(set(context) - known)}")
        if "runAsUser" in context:
            args.append(f"--user={context['runAsUser']}:{context.get('runAsGroup', context['runAsUser'])}")
        if context.get("readOnlyRootFilesystem"):
            args.append("--read-only")
        if context.get("allowPrivilegeEscalation") is False:
            args.append("--security-opt=no-new-privileges")
        if context.get("privileged"):
            fail("a privileged container is not tested")
        for capability in context.get("capabilities", {}).get("drop", []):
            args.append(f"--cap-drop={capability}")
        for capability in context.get("capabilities", {}).get("add", []):
            args.append(f"--cap-add={capability}")
        # seccompProfile RuntimeDefault is docker's default profile; fsGroup only matters for volume ownership
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for mount in container.get("volumeMounts", []):
            volume = volumes[mount["name"]]
            if "emptyDir" not in volume:
                fail(f"volume {mount['name']} is not an emptyDir")
            size = volume["emptyDir"].get("sizeLimit")
            mode = "ro" if mount.get("readOnly") else "rw"
            args.append(f"--tmpfs={mount['mountPath']}:{mode}" + (f",size={quantity_bytes(size)}" if size else ""))
        args.append(f"--stop-timeout={pod['terminationGracePeriodSeconds']}")
        for entry in container.get("env", []):
            if "value" not in entry:
                fail(f"env {entry['name']} has no literal value")
            args.append(f"--env={entry['name']}={entry['value']}")
        print("\n".join(args))
    else:
        fail(f"unknown request {what}")


if __name__ == "__main__":
    main()
