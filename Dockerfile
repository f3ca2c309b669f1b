# syntax=docker/dockerfile:1

# ---- build: full install (incl. dev dependencies) and compile to dist/ ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && mkdir -p /assets \
 && cp -r --parents libs/*/views libs/*/src/demo apps/api/views apps/api/public /assets/

# ---- runtime: production dependencies, compiled code, views and static assets ----
FROM node:24-bookworm-slim AS runtime
WORKDIR /app
# The `node` devDependency is left out here; the image's own Node 24 runs the app.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The app finds its root through package.json ("regen-academy") and reads from there the
# handlebars views (libs/*/views, apps/api/views), the static assets (apps/api/public) and the
# demo course documents (libs/*/src/demo).
COPY --from=build /assets/ ./
# DATA_DIR (./var) must be writable by the unprivileged user.
RUN mkdir -p var && chown node:node var
USER node
ENV PORT=3000
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
