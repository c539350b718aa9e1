# The glorot service as a container image, built from the jar that `./mvnw package` makes:
#   ./mvnw -B package -DskipTests
#   docker build -t glorot .
#   docker run --rm -p 8080:8080 --memory=1g glorot
# BASE_IMAGE is any Java 25 runtime with /bin/sh, groupadd and useradd (CI builds a local stand-in, see
# .ci/steps/40-container.sh, because no container registry is reachable there). BASE_DIGEST pins it: give the
# digest your registry reports for the tag (docs/deploy.md, "Pinning the base image"), and the build uses
# BASE_IMAGE@BASE_DIGEST, so a moved tag cannot change what you ship.
ARG BASE_IMAGE=eclipse-temurin:25-jre
ARG BASE_DIGEST=

# Stage 1: split the fat jar into Spring Boot's layers (dependencies change rarely, the application often).
FROM ${BASE_IMAGE}${BASE_DIGEST:+@}${BASE_DIGEST} AS builder
WORKDIR /builder
ARG JAR_FILE=target/glorot-*.jar
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# Stage 2: the runtime image, least to most often changed layer first.
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
ENV JDK_JAVA_OPTIONS="-XX:+UseParallelGC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --add-modules jdk.incubator.vector"
# Exec form: java is PID 1 and receives SIGTERM itself; Spring then drains in-flight requests
# (server.shutdown=graceful) within spring.lifecycle.timeout-per-shutdown-phase (30 s by default).
ENTRYPOINT ["java", "-jar", "application.jar"]
