# The glorot service as a container image, built from the jar that `./mvnw package` makes:
#   ./mvnw -B package -DskipTests
#   docker build -t glorot .
#   docker run --rm -p 8080:8080 --memory=1g glorot
# BASE_IMAGE is any Java 25 runtime with /bin/sh, groupadd and useradd (CI builds a local stand-in, see
# .ci/steps/40-container.sh, because no container registry is reachable there).
ARG BASE_IMAGE=eclipse-temurin:25-jre

# Stage 1: split the fat jar into Spring Boot's layers (dependencies change rarely, the application often).
FROM ${BASE_IMAGE} AS builder
WORKDIR /builder
ARG JAR_FILE=target/glorot-*.jar
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# Stage 2: the runtime image, least to most often changed layer first.
FROM ${BASE_IMAGE}
# A numeric user and group, so that Kubernetes' runAsNonRoot can verify them without /etc/passwd.
RUN groupadd --system --gid 10001 glorot \
	&& useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin glorot
WORKDIR /application
COPY --from=builder /builder/extracted/dependencies/ ./
COPY --from=builder /builder/extracted/spring-boot-loader/ ./
COPY --from=builder /builder/extracted/snapshot-dependencies/ ./
COPY --from=builder /builder/extracted/application/ ./
USER 10001:10001
EXPOSE 8080
# The JVM reads the container's cgroup memory and CPU limits itself; the heap takes 75 % of the memory
# limit (the default is 25 %), the rest is left for metaspace, thread stacks, direct buffers and the code
# cache. An OutOfMemoryError ends the process so that the orchestrator restarts it instead of leaving a
# half-working JVM. Add flags without rebuilding through JDK_JAVA_OPTIONS (read by the java launcher), for
# example JDK_JAVA_OPTIONS="--add-modules jdk.incubator.vector" once the service uses the Vector API.
# Exec form: java is PID 1 and receives SIGTERM itself; Spring then drains in-flight requests
# (server.shutdown=graceful) within spring.lifecycle.timeout-per-shutdown-phase (30 s by default).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "application.jar"]
