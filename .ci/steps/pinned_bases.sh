# Sourced by 40-container.sh after it has built glorot:ci from the local stand-ins (uses its WORK, VERSION, REVISION,
# log, fail and free_port; sets REGISTRY_PID for its cleanup). The bases pinned by digest, proven with a real
# registry: Debian's docker-registry (the CNCF distribution registry) on loopback, its storage under WORK.
#   1. the stand-ins are pushed as REGISTRY/eclipse-temurin:25-jdk and REGISTRY/debian:bookworm-slim;
#   2. scripts/pin-bases.py resolves both tags to digests, which must be the ones docker push reported, and writes
#      them into a copy of the Dockerfile (--write);
#   3. the tag debian:bookworm-slim is moved to other content (a file more), and the script now reports another
#      digest;
#   4. with every local name of the registry's images removed, so that the daemon must fetch the manifest by digest
#      from the registry, the pinned Dockerfile builds an image whose runtime base is the pinned content (not the
#      moved tag's: no marker file, the base's layers) and whose OCI label base.digest is the pin;
#   5. a digest the registry does not have fails the build; the same build by tag takes the moved content.
# The registry is stopped at the end.
pinned_bases() {
	local started pushed_in registry digest_jdk digest_base pushed_jdk pushed_base moved pins layers base_layers
	started=$(date +%s)
	registry=127.0.0.1:$(free_port)
	mkdir -p "$WORK/registry" "$WORK/moved"
	printf '%s\n' 'version: 0.1' 'log:' '  level: warn' 'storage:' '  filesystem:' "    rootdirectory: $WORK/registry" \
		'http:' "  addr: $registry" > "$WORK/registry.yml"
	docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
	REGISTRY_PID=$!
	for _ in $(seq 1 40); do
		curl -fsS "http://$registry/v2/" > /dev/null 2>&1 && break
		kill -0 "$REGISTRY_PID" 2> /dev/null || { cat "$WORK/registry.log" >&2; fail "docker-registry exited"; }
		sleep 0.25
	done
	curl -fsS "http://$registry/v2/" > /dev/null || { cat "$WORK/registry.log" >&2; fail "docker-registry did not answer"; }

	# 1. push; docker push prints "<tag>: digest: sha256:... size: N"
	push() {
		docker tag "$1" "$2"
		docker push "$2" > "$WORK/push.log" 2>&1 || { cat "$WORK/push.log" >&2; fail "docker push $2"; }
		sed -n 's/^.*: digest: \(sha256:[0-9a-f]\{64\}\) size: .*$/\1/p' "$WORK/push.log"
	}
	pushed_jdk=$(push local/temurin:25-jdk "$registry/eclipse-temurin:25-jdk")
	pushed_base=$(push local/debian-minbase:bookworm "$registry/debian:bookworm-slim")
	[ -n "$pushed_jdk" ] && [ -n "$pushed_base" ] || fail "docker push reported no digest"
	pushed_in=$(( $(date +%s) - started ))

	# 2. the operator's script, against the registry; --write into a copy of the Dockerfile
	pin() {
		/usr/bin/python3 scripts/pin-bases.py --jdk-image "$registry/eclipse-temurin:25-jdk" \
			--base-image "$registry/debian:bookworm-slim" "$@" 2> "$WORK/pin.log" || { cat "$WORK/pin.log" >&2; fail "pin-bases.py $*"; }
	}
	pins=$(pin)
	digest_jdk=$(sed -n 's/^JDK_DIGEST=//p' <<< "$pins")
	digest_base=$(sed -n 's/^BASE_DIGEST=//p' <<< "$pins")
	[ "$digest_jdk" = "$pushed_jdk" ] && [ "$digest_base" = "$pushed_base" ] \
		|| fail "pin-bases.py resolved $digest_jdk and $digest_base; docker push reported $pushed_jdk and $pushed_base"
	cp Dockerfile "$WORK/Dockerfile.pinned"
	pin --dockerfile "$WORK/Dockerfile.pinned" --write
	grep -qx "ARG BASE_DIGEST=$digest_base" "$WORK/Dockerfile.pinned" && grep -qx "ARG JDK_DIGEST=$digest_jdk" "$WORK/Dockerfile.pinned" \
		&& grep -qx "ARG BASE_IMAGE=$registry/debian:bookworm-slim" "$WORK/Dockerfile.pinned" \
		|| fail "pin-bases.py --write did not write the pins: $(grep '^ARG' "$WORK/Dockerfile.pinned" | paste -sd' ')"
	[ "$(/usr/bin/python3 scripts/pin-bases.py --urls | paste -sd' ')" = "JDK_IMAGE=eclipse-temurin:25-jdk https://registry-1.docker.io/v2/library/eclipse-temurin/manifests/25-jdk BASE_IMAGE=debian:bookworm-slim https://registry-1.docker.io/v2/library/debian/manifests/bookworm-slim" ] \
		|| fail "pin-bases.py does not name Docker Hub's manifests for the Dockerfile's own tags: $(/usr/bin/python3 scripts/pin-bases.py --urls)"
	log "registry on $registry: pushed the stand-ins; pin-bases.py resolved eclipse-temurin:25-jdk@$digest_jdk and debian:bookworm-slim@$digest_base, as docker push reported, and wrote them"

	# 3. the tag moves to other content
	echo "the tag moved" > "$WORK/moved/marker"
	printf 'FROM local/debian-minbase:bookworm\nCOPY marker /etc/glorot-moved-tag\n' > "$WORK/moved/Dockerfile"
	docker build -q -t local/debian-moved "$WORK/moved" > /dev/null 2> "$WORK/moved.log" || { cat "$WORK/moved.log" >&2; fail "docker build of the moved base"; }
	moved=$(push local/debian-moved "$registry/debian:bookworm-slim")
	[ "$(pin | sed -n 's/^BASE_DIGEST=//p')" = "$moved" ] && [ "$moved" != "$digest_base" ] \
		|| fail "after the tag moved, pin-bases.py did not report its new digest $moved"

	# 4. no local name left for the registry's images: FROM ...@digest must fetch its manifest from the registry
	local reference
	for reference in $(docker image inspect -f '{{range .RepoTags}}{{println .}}{{end}}{{range .RepoDigests}}{{println .}}{{end}}' \
		$(docker image ls -q) | grep -F "$registry/" | sort -u); do
		docker rmi "$reference" > /dev/null 2>&1 || true   # a digest goes with its tag, or the tag with its digest
	done
	! docker image inspect -f '{{.RepoTags}} {{.RepoDigests}}' $(docker image ls -q) | grep -qF "$registry/" \
		|| fail "local names of the registry's images are left: $(docker image ls --digests | grep -F "$registry/")"
	docker build -q -f "$WORK/Dockerfile.pinned" --build-arg VERSION="$VERSION" --build-arg REVISION="$REVISION" \
		-t glorot:pinned . > /dev/null 2> "$WORK/pinned-build.log" || { cat "$WORK/pinned-build.log" >&2; fail "the pinned build"; }
	[ "$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.base.digest"}}' glorot:pinned)" = "$digest_base" ] \
		|| fail "the pinned image's org.opencontainers.image.base.digest label is not $digest_base"
	[ "$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.base.name"}}' glorot:pinned)" = "$registry/debian:bookworm-slim" ] \
		|| fail "the pinned image's org.opencontainers.image.base.name label is not $registry/debian:bookworm-slim"
	base_layers=$(docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' local/debian-minbase:bookworm)
	layers=$(docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' glorot:pinned | head -n "$(wc -l <<< "$base_layers")")
	[ "$layers" = "$base_layers" ] || fail "the pinned image is not built on the pinned base's layers"
	if docker run --rm --entrypoint /bin/sh glorot:pinned -c 'test -e /etc/glorot-moved-tag'; then
		fail "the pinned build took the moved tag's content"
	fi
	docker image ls --digests --format '{{.Repository}}@{{.Digest}}' | grep -qx "$registry/debian@$digest_base" \
		|| fail "the daemon did not fetch $registry/debian@$digest_base from the registry"
	log "pinned build: base.digest label $digest_base, the pinned base's layers, not the moved tag's content (fetched by digest from the registry)"

	# 5. a digest the registry does not have fails the build; by tag, the build takes what the tag now names
	if docker build -q --build-arg JDK_IMAGE="$registry/eclipse-temurin:25-jdk" --build-arg JDK_DIGEST="$digest_jdk" \
		--build-arg BASE_IMAGE="$registry/debian:bookworm-slim" \
		--build-arg BASE_DIGEST="sha256:$(printf 'no such manifest' | sha256sum | cut -d' ' -f1)" \
		-t glorot:wrong-digest . > /dev/null 2> "$WORK/wrong-build.log"; then
		fail "a build pinned to a digest the registry does not have succeeded"
	fi
	grep -qiE 'manifest unknown|not found' "$WORK/wrong-build.log" || { cat "$WORK/wrong-build.log" >&2; fail "the wrong digest failed for another reason"; }
	docker build -q --build-arg JDK_IMAGE="$registry/eclipse-temurin:25-jdk" --build-arg JDK_DIGEST="$digest_jdk" \
		--build-arg BASE_IMAGE="$registry/debian:bookworm-slim" -t glorot:by-tag . > /dev/null 2> "$WORK/tag-build.log" \
		|| { cat "$WORK/tag-build.log" >&2; fail "the build by tag"; }
	docker run --rm --entrypoint /bin/sh glorot:by-tag -c 'test -e /etc/glorot-moved-tag' \
		|| fail "the build by tag did not take the moved content (the check above would prove nothing)"
	log "a wrong digest fails the build ($(grep -oiE 'manifest unknown|not found' "$WORK/wrong-build.log" | head -n 1)); by tag, the build takes the moved content"

	docker rmi glorot:pinned glorot:by-tag local/debian-moved > /dev/null
	kill "$REGISTRY_PID"
	wait "$REGISTRY_PID" 2> /dev/null || true
	REGISTRY_PID=""
	log "bases pinned by digest: checked in $(( $(date +%s) - started )) s (of which $pushed_in s starting the registry and pushing the stand-ins); registry stopped"
}
