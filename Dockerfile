# The glorot service as a container image, built from the jar that `./mvnw package` makes:
#   ./mvnw -B package -DskipTests
#   docker build -t glorot .
#   docker run --rm -p 8080:8080 --memory=1g glorot
# Two bases (docs/deploy.md, "The container image"):
# - JDK_IMAGE, a Java 25 JDK with jdeps, jlink and objcopy (binutils, for jlink --strip-debug), only for the
#   build stages: they make the Java runtime that the image ships, with only the modules the service uses.
# - BASE_IMAGE, the runtime stage's base: a small Linux with /bin/sh, bash, groupadd and useradd (bash: the
#   thread dump command in docs/deploy.md and the chart's helm test script). It needs no Java of its own.
# CI builds local stand-ins for both (.ci/steps/40-container.sh), because no container registry is reachable
# there. JDK_DIGEST and BASE_DIGEST pin them: give the digest your registry reports for the tag (docs/deploy.md,
# "Pinning the bases"), and the build uses IMAGE@DIGEST, so a moved tag cannot change what you ship.
# scripts/pin-bases.py reads the digests from the registry and prints them (--build-args) or writes them below
# (--write). No digest is committed here: none could be read from Docker Hub where this project is built.
ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG JDK_DIGEST=
ARG BASE_IMAGE=debian:bookworm-slim
ARG BASE_DIGEST=

# Stage 1: split the fat jar into Spring Boot's layers (dependencies change rarely, the application often), and
# list the JDK modules the service needs: what jdeps finds in the application and every jar it depends on, plus
# what the service needs at run time that no class names (RUNTIME_MODULES):
# - jdk.incubator.vector: the Vector API kernel (--add-modules in JDK_JAVA_OPTIONS; jdeps finds it too);
# - jdk.management.jfr: JFR's management interface, for a recording started with -XX:StartFlightRecording
#   (docs/deploy.md, troubleshooting) and read over JMX; jdk.jfr itself comes from jdeps (Micrometer);
# - jdk.zipfs: the zip file system provider, found through ServiceLoader, never named in a class;
# - jdk.crypto.ec: an empty module since JDK 22 (its classes moved to java.base); kept so that a library
#   that still requires it by name resolves.
# The thread dump (kill -3) and a jcmd attached from another container need no module: the JVM serves both.
FROM ${JDK_IMAGE}${JDK_DIGEST:+@}${JDK_DIGEST} AS builder
WORKDIR /builder
ARG JAR_FILE=target/glorot-*.jar
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted
ARG RUNTIME_MODULES=jdk.incubator.vector,jdk.management.jfr,jdk.zipfs,jdk.crypto.ec
RUN set -e; \
	deps=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 25 --recursive \
		--class-path "$(ls extracted/*/lib/*.jar | paste -sd:)" extracted/application/application.jar); \
	[ -n "$deps" ]; \
	echo "$deps,$RUNTIME_MODULES" > modules; \
	echo "jlink modules: $(cat modules)"

# Stage 2: the Java runtime with those modules only. A stage of its own, so that a new application with the same
# module list reuses the runtime layer from the build cache instead of linking (and shipping) a new one.
# --compress=zip-6 is Java 25's spelling (the numeric 0/1/2 forms are deprecated); --generate-cds-archive adds
# the default class-data sharing archive, which the linked runtime would otherwise lack (slower start).
FROM ${JDK_IMAGE}${JDK_DIGEST:+@}${JDK_DIGEST} AS runtime
COPY --from=builder /builder/modules /modules
RUN jlink --add-modules "$(cat /modules)" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
	--generate-cds-archive --output /javaruntime

# Stage 3: the image, least to most often changed layer first.
FROM ${BASE_IMAGE}${BASE_DIGEST:+@}${BASE_DIGEST}
ARG BASE_IMAGE
ARG BASE_DIGEST
# the jar's version and the commit, passed by the build (docs/deploy.md shows the command)
ARG VERSION=unknown
ARG REVISION=unknown
LABEL org.opencontainers.image.title="glorot" \
	org.opencontainers.image.description="Xavier (Glorot) initialized weight tensors over HTTP, reproducible to the bit" \
	org.opencontainers.image.version="${VERSION}" \
	org.opencontainers.image.revision="${REVISION}" \
	org.opencontainers.image.base.name="${BASE_IMAGE}" \
	org.opencontainers.image.base.digest="${BASE_DIGEST}"
# The linked runtime, where the eclipse-temurin images keep theirs. LANG: UTF-8 file names and console.
ENV JAVA_HOME=/opt/java/openjdk \
	PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	LANG=C.UTF-8
COPY --from=runtime /javaruntime /opt/java/openjdk
# A numeric user and group, so that Kubernetes' runAsNonRoot can verify them without /etc/passwd.
RUN groupadd --system --gid 10001 glorot \
	&& useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin glorot
WORKDIR /application
COPY --from=builder /builder/extracted/dependencies/ ./
COPY --from=builder /builder/extracted/spring-boot-loader/ ./
COPY --from=builder /builder/extracted/snapshot-dependencies/ ./
COPY --from=builder /builder/extracted/application/ ./
USER 10001:10001
# 8080: the API, /livez, /readyz, Swagger UI. 8081: the actuator (management.server.port), for Prometheus only.
EXPOSE 8080 8081
# The JVM's flags, all in one place: JDK_JAVA_OPTIONS, which the java launcher reads before its command line. The
# chart's jvm.options sets this variable and so replaces them as a whole (docs/deploy.md, "JVM flags"); with
# docker run, -e JDK_JAVA_OPTIONS="..." does the same. The command line below carries no flag, so nothing
# there can override a value the operator chose.
# - ParallelGC: measured best for streaming (docs/deploy.md): the JVM's own choice is Serial GC below 1792 MiB
#   (long pauses under concurrent streams) and G1 above, where the 1-2 MiB chunk buffers are humongous objects.
# - The heap takes 75 % of the container's memory limit (the JVM reads the cgroup); the rest is left for
#   metaspace, thread stacks, direct buffers and the code cache.
# - An OutOfMemoryError ends the process, so the orchestrator restarts it instead of keeping a half-working JVM.
# - jdk.incubator.vector: the service picks its Vector API kernel at start-up where the CPU has the lanes.
# The JVM prints "NOTE: Picked up JDK_JAVA_OPTIONS: ..." and a warning for the incubator module on start;
# both are expected.
ENV JDK_JAVA_OPTIONS="-XX:+UseParallelGC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow"
# Exec form: java is PID 1 and receives SIGTERM itself; Spring then drains in-flight requests
# (server.shutdown=graceful) within spring.lifecycle.timeout-per-shutdown-phase (30 s by default).
ENTRYPOINT ["java", "-jar", "application.jar"]
