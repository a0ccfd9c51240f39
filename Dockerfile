# syntax=docker/dockerfile:1
# Mobile BFF image. The same image also runs the demo downstream services (see docker-compose.yml).

# ---- build: install everything, compile, then drop dev dependencies ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

COPY package.json package-lock.json ./
# `npm ci` first; if the lockfile lacks other platforms' optional binaries (see .ci/run), fall
# back to `npm install`, which still honours every version pinned in package-lock.json.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund

COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled output and production dependencies only ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist

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
