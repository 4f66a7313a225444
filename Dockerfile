# syntax=docker/dockerfile:1
# One image for the three services, the migrations and the ops tools. There is no build step
# (Node 24 runs the TypeScript directly), so the runtime stage is: production node_modules +
# packages/ (shared, and cli: the ops tools) + services/ + package.json, run as the unprivileged
# `node` user; tools/ (development tools) stays out. Whole folders are copied and .dockerignore
# only drops tests and build output, with no allow-list.
# test/deploy/production-install.int.test.ts installs and runs exactly these files.
#
#   docker build --build-arg GIT_REVISION=$(git rev-parse HEAD) \
#     --build-arg BUILD_DATE=$(date -u +%FT%TZ) -t booking-pipeline .   # SERVICE=ingest by default
#   docker build --build-arg SERVICE=booker -t booking-booker .
#   docker run -e SERVICE=cache-invalidator booking-pipeline  # or choose at run time
#   docker run booking-pipeline booking-pipeline migrate up    # migrations; `booking-pipeline --help`
ARG NODE_IMAGE=node:24-alpine

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# Manifests first: the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/cli/package.json packages/cli/
COPY services/ingest/package.json services/ingest/
COPY services/booker/package.json services/booker/
COPY services/cache-invalidator/package.json services/cache-invalidator/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=ingest
ARG GIT_REVISION=unknown
ARG BUILD_DATE=unknown
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="booking-pipeline" \
      org.opencontainers.image.description="Cal.com and Retell AI booking webhooks -> Kafka -> MariaDB (exactly once) -> Redis cache invalidation" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${GIT_REVISION}" \
      org.opencontainers.image.created="${BUILD_DATE}"
# NODE_OPTIONS: kafkajs 2.2.4 schedules a negative timeout on Node 24 (tulios/kafkajs#1751,
# harmless); the same setting tools/node24.sh applies to every local command.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    GIT_REVISION=${GIT_REVISION} \
    INGEST_SPOOL_DIR=/data/spool \
    NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning
WORKDIR /app
# npm and corepack are not needed to run; dropping them shrinks the image and its attack surface.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
 && mkdir -p /data/spool && chown -R node:node /data
# node_modules/@booking/* are relative symlinks into packages/ and services/ (npm workspaces);
# COPY keeps them as symlinks, and Node resolves them to real paths outside node_modules, where
# type stripping is allowed.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY packages ./packages
COPY services ./services
COPY deploy/docker/healthcheck.mjs ./deploy/docker/healthcheck.mjs
# The ops tools as one command on PATH; Node resolves the link to /app/packages/cli (outside
# node_modules, so type stripping applies).
RUN ln -s /app/packages/cli/src/booking-pipeline.ts /usr/local/bin/booking-pipeline
USER node
EXPOSE 3000 3001 3002
# Liveness (/healthz), not readiness: a service waiting for Kafka is alive and must not be
# restarted for it; readiness belongs to load balancers and Kubernetes' readinessProbe.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs"]
# exec: node replaces the shell and receives SIGTERM itself (graceful shutdown). Run with an init
# (`docker run --init`, `init: true` in compose) so that PID 1 forwards signals and reaps zombies.
CMD ["/bin/sh", "-c", "exec node \"services/${SERVICE}/src/main.ts\""]
