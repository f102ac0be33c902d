// network-while-pool-full.js - four crypto.pbkdf2 jobs (about 100 ms of CPU each) fill
// the default threadpool of 4 on a 2-core machine; a network reply after 10 ms
// (a child process writing to a pipe: the OS poller, not the pool) is not held up,
// while a file read (the pool) waits for a free pool thread.
// Run: UV_THREADPOOL_SIZE=4 node network-while-pool-full.js ITERATIONS
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const iterations = Number(process.argv[2] || 200000);
const fd = fs.openSync(__filename, 'r');
const t0 = performance.now();
const at = () => `${(performance.now() - t0).toFixed(1)} ms`;
for (let i = 0; i < 4; i++)
  crypto.pbkdf2('secret', 'salt', iterations, 64, 'sha512', () => console.log(`job ${i} done at ${at()}`));
const child = spawn('sh', ['-c', 'sleep 0.01; echo reply']);
child.stdout.once('data', () => console.log(`network reply at ${at()}`));
fs.read(fd, Buffer.alloc(64), 0, 64, 0, () => console.log(`file read done at ${at()}`));
