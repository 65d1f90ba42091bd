# One image for every service: the country node, the regional subgraph and the gateway.
# Pick the service with the command, e.g.
#   docker run ... ilo-federation:0.1.0 node dist/subgraphs/country/index.js
# (docker-compose.yml does this per service). Default: the gateway.

# --- build: all dependencies (TypeScript is a dev dependency), compile to dist/ ---
# Node 20, the one version package.json's engines (^20.19.0), the README and CI name: CI tests
# on it, so the image runs what was tested. (Node 20's upstream support ended in April 2026;
# moving to 22 is one change of engines, this file, CI's Node and @apollo/gateway 2.15.)
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the lockfile's versions (optional platform packages included: esbuild needs its own).
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p .
# The browser pages (GraphQL IDE, overview, editor): bundled into dist/web, shipped with dist.
RUN node dist/scripts/build-web.js

# --- runtime: production dependencies, compiled code and the seed files only ---
FROM node:20.20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# No embedded PostgreSQL binaries (optional dependencies, ~60 MB): every service here needs
# DATABASE_URL, and without it says so at start instead of starting an embedded server.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# tsc does not copy JSON; the compiled seeders look for these beside the sources (see seed.ts).
COPY subgraphs/country/seed/data ./subgraphs/country/seed/data
COPY subgraphs/regional/seed/data ./subgraphs/regional/seed/data
# The official image's unprivileged user; PostgreSQL runs in its own container.
USER node
EXPOSE 4000 4001 4101 4102 4103 4104
CMD ["node", "dist/gateway/index.js"]
