// pbkdf2-waves.js - eight crypto.pbkdf2 jobs of about 100 ms of CPU each on libuv's
// threadpool; run with UV_THREADPOOL_SIZE=4 on a 2-core machine.
// Run: UV_THREADPOOL_SIZE=4 node pbkdf2-waves.js ITERATIONS
const crypto = require('node:crypto');
const iterations = Number(process.argv[2] || 200000);
let t = performance.now();
crypto.pbkdf2Sync('secret', 'salt', iterations, 64, 'sha512');
console.log(`one job alone: ${(performance.now() - t).toFixed(1)} ms`);
const t0 = performance.now();
for (let i = 0; i < 8; i++) {
  crypto.pbkdf2('secret', 'salt', iterations, 64, 'sha512',
    () => console.log(`job ${i} done at ${(performance.now() - t0).toFixed(1)} ms`));
}
