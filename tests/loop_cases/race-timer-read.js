// race-timer-read.js - a 1 ms timer against reading a small file (fs.readFile goes
// through libuv's threadpool: open, fstat, read, close). Which comes first depends on
// how long the read takes and where in its millisecond the clock was.
// Run: node race-timer-read.js
const fs = require('fs');
fs.readFile(__filename, () => console.log('read'));
setTimeout(() => console.log('timeout'), 1);
