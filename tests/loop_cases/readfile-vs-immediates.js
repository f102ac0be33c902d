// readfile-vs-immediates.js - fs.readFile of this file against a chain of six
// immediates, each working 10 ms; the main script works 30 ms.
// Run: node readfile-vs-immediates.js
const fs = require('node:fs');
function busy(ms) { const end = performance.now() + ms; while (performance.now() < end); }
fs.readFile(__filename, () => console.log('read'));
let n = 0;
function imm() { console.log('i' + ++n); busy(10); if (n < 6) setImmediate(imm); }
setImmediate(imm);
busy(30);
