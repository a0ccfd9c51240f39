# Two images from one build. The default target (the last stage, `production`) holds the BFF
# alone; `--target demo-backends` holds the demo downstream services and their token-minting
# identity provider, for docker-compose.yml's demo only.

# Node 26, the Active LTS line (LTS since 2026-10-28, security fixes until 2029-04-30), on Debian 13
# slim. Pinned by the multi-arch index digest of node:26.11.1-trixie-slim, so every build starts
# from the same bytes. To move it, read the new digest with
# `docker buildx imagetools inspect node:26-trixie-slim` (the "Digest:" line) and change tag and
# digest together, or let Renovate/Dependabot (docker ecosystem) propose it.
# The code also runs on Node 20 (the development machines and CI): keep it compatible.
FROM node:26.11.1-trixie-slim@sha256:193fe51b64e77981119c98c2002c9e32a70e2f006fb4d25068ce0558998917f0 AS node-lts

# ---- exactly what package-lock.json pins, and no package's install script ----
# Nothing needs one: platform binaries (e.g. @swc/core's, build only) are optional packages of
# their own, and @scarf/scarf's postinstall (via swagger-ui-dist) only reports the download.
FROM node-lts AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node-lts AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs

FROM build AS bff-build
RUN npx nest build bff

FROM build AS demo-backends-build
RUN npx nest build demo-backends

# ---- the demo services and identity provider (ports 4100-4105), never deployed ----
FROM node-lts AS demo-backends
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=demo-backends-build /app/dist/apps/demo-backends ./dist/apps/demo-backends
USER node
EXPOSE 4100-4105
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=10 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4100/.well-known/jwks.json', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# On every interface of the container, so that the BFF's container reaches them.
CMD ["node", "dist/apps/demo-backends/apps/demo-backends/src/backends.js", "--host", "0.0.0.0"]

# ---- production: the compiled BFF and production dependencies only ----
FROM node-lts AS production
ENV NODE_ENV=production
WORKDIR /app

# Owned by root and only readable by the process, which writes nothing: the container can run
# with a read-only root filesystem.
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=bff-build /app/dist/apps/bff ./dist/apps/bff

USER node
EXPOSE 3000

# Liveness only (readiness turns 503 while draining or when users-service is down: not a reason
# to restart). Follows PORT when it is overridden.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node itself is the main process (no npm wrapper, which would not forward the signal): on
# SIGTERM the BFF fails readiness, drains for SHUTDOWN_DRAIN_DELAY_MS (5 s), then lets in-flight
# requests finish within SHUTDOWN_TIMEOUT_MS (20 s). Give it 30 s before SIGKILL: `docker stop`
# waits only 10 s by default (`stop_grace_period` in compose, `--stop-timeout`,
# `terminationGracePeriodSeconds` on Kubernetes).
STOPSIGNAL SIGTERM
# The same Node flags as `npm run start:prod` (a spec holds them equal): a larger young
# generation, so the per-request garbage of a screen dies young instead of being promoted.
CMD ["node", "--max-semi-space-size=32", "dist/apps/bff/apps/bff/src/main.js"]
