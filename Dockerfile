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
USER node
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
EXPOSE 3000
ENTRYPOINT ["node", "src/cli/bin.js"]
CMD ["serve"]
