// Runs in a worker thread: parsing a hostile channel page (a megabyte of posts, deep nesting, huge
// attributes) takes up to seconds of CPU that must not block the event loop of the process that
// scans (on the embedded database, the API's). The parser is TypeScript, so the thread loads tsx
// as the CLI does.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseChannelPage } = await import('./channel-page.ts');
parentPort.on('message', ({ id, html, baseUrl }) => {
  parentPort.postMessage({ id, page: parseChannelPage(html, { baseUrl }) });
});
