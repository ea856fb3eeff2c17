# The salescall service. Build stage compiles with the dev dependencies; the runtime stage keeps
# only production dependencies, the compiled code (migrations included) and config/defaults.json.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY config ./config
COPY migrations ./migrations
COPY src ./src
RUN npx nest build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
# The recordings spool (rules.recordings.spoolDir, relative to /app) must be writable by the service.
RUN install -d -o node -g node /app/recordings
USER node
EXPOSE 3000
# Migrations run on boot; `node dist/src/seed/seed.main.js` loads the demo data (see docker-compose.yml).
CMD ["node", "dist/src/main.js"]
