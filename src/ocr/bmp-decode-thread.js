// Runs in a worker thread: bmp-ts is pure JavaScript, and a large BMP takes seconds of CPU that
// must not block the API's event loop. Plain JavaScript so the thread needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { decode } from 'bmp-ts';

const bytes = Buffer.from(workerData.bytes.buffer, workerData.bytes.byteOffset, workerData.bytes.byteLength);
const img = decode(bytes, { toRGBA: true });
const data = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength);
parentPort.postMessage({ width: img.width, height: img.height, data }, [data.buffer]);
