# recruitwatch: one image for the API, the workers and the one-shot migration.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY workers ./workers
COPY migrations ./migrations
# /data belongs to the user the app runs as: a new named volume takes this owner, so the first
# start can write /data/tessdata, /data/media and PGlite (it was root's, and the first start failed).
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
EXPOSE 3000
ENTRYPOINT ["node", "src/cli/bin.js"]
CMD ["serve"]
