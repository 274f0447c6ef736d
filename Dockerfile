# The Socle server on EventStoreDB (docker-compose.yml). Sources are TypeScript run through tsx, so
# there is no build step: the image is the repository with its production dependencies.
FROM node:20-bookworm-slim AS dependencies
WORKDIR /app
# better-sqlite3 (tokens, and the embedded store) is native: a toolchain in case no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    SOCLE_STORE=eventstoredb \
    SOCLE_DATA_DIR=/data
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY projections ./projections
COPY exports ./exports
COPY web ./web
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --retries=6 --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/socle.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
