// The bind worker's entry (bind-decks.ts starts it): binds decks alongside the main thread. Compiled code
// only (dist/bind-worker.js, which the bundle also writes); running from src/, every deck is bound on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { runBindWorker, type BindWorkerData } from './bind-decks.js';

await runBindWorker(workerData as BindWorkerData, (m) => parentPort!.postMessage(m));
