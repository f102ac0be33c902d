// ready-timer-vs-network.js - a network reply (stood in for by a child process that
// writes to a pipe after 2 ms: I/O through the OS poller, not the threadpool) and a
// 5 ms timer both become ready while the main script works for 50 ms. The loop's
// first iteration runs the timers phase before the poll phase, so the timer wins.
// Run: node ready-timer-vs-network.js
const { spawn } = require('node:child_process');

const child = spawn('sh', ['-c', 'sleep 0.002; echo reply']);
child.stdout.once('data', () => console.log('io'));
setTimeout(() => console.log('timer'), 5);
const end = performance.now() + 50; // 50 ms of synchronous work
while (performance.now() < end);
console.log('main-end');
