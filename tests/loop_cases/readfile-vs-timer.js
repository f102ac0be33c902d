// readfile-vs-timer.js - fs.readFile of this file against a 0 ms timer that works
// 10 ms and a 35 ms timer; the main script works 30 ms. Run: node readfile-vs-timer.js
const fs = require('node:fs');
function busy(ms) { const end = performance.now() + ms; while (performance.now() < end); }
fs.readFile(__filename, () => console.log('read'));
setTimeout(() => { console.log('t0'); busy(10); }, 0);
setTimeout(() => console.log('t35'), 35);
busy(30);
