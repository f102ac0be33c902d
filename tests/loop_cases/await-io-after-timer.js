// await-io-after-timer.js - main awaits a long file read; a 10 ms timer set before
// it fires while main is suspended, and main resumes after it.
// Run: node await-io-after-timer.js
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// 32 MiB, so that reading it takes well over 10 ms.
const file = path.join(os.tmpdir(), `bistro-await-io-${process.pid}.bin`);
fs.writeFileSync(file, Buffer.alloc(32 * 1024 * 1024));
process.on('exit', () => fs.unlinkSync(file));

async function main() {
  console.log('start');
  setTimeout(() => console.log('timer'), 10);
  const t0 = performance.now();
  await fs.promises.readFile(file);
  console.error(`read took ${(performance.now() - t0).toFixed(1)} ms`);
  console.log('resumed');
}
main();
