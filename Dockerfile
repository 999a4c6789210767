# syntax=docker/dockerfile:1
# Palisade gateway image. Build: docker build -t palisade:0.1.0 .
# Multi-stage: the build stage has the compilers (better-sqlite3 is a native addon); the runtime stage
# has none, runs as an unprivileged user and works on a read-only root filesystem (only /tmp and the
# data volume are writable). No secrets are baked in: API keys come from mounted files or env at run time.

FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
COPY packages/guard/package.json packages/guard/package.json
COPY packages/gateway/package.json packages/gateway/package.json
RUN npm ci --omit=dev --no-audit --no-fund
COPY packages ./packages
RUN find packages -name '*.test.ts' -delete && rm -rf packages/*/src/testing/fixtures

FROM node:20.19.5-bookworm-slim AS runtime
ENV NODE_ENV=production \
    ORT_DISABLE_TELEMETRY=1 \
    PALISADE_STORAGE=sqlite:/var/lib/palisade/palisade.db
WORKDIR /app
COPY --from=build --chown=10001:10001 /app /app
RUN mkdir -p /var/lib/palisade /etc/palisade && chown 10001:10001 /var/lib/palisade
USER 10001:10001
EXPOSE 8787
VOLUME ["/var/lib/palisade", "/tmp"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "packages/gateway/bin/palisade.js"]
CMD ["serve", "--config", "/etc/palisade/palisade.config.yaml", "--host", "0.0.0.0", "--port", "8787"]
