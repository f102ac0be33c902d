// call-later-zero-in-io.js - inside an I/O callback both immediates run in this
// iteration's check phase, the 0 ms timer in the next iteration's timers phase.
// Run: node call-later-zero-in-io.js
const fs = require('node:fs');

fs.readFile(__filename, () => {
  setImmediate(() => console.log('a'));
  setTimeout(() => console.log('b'), 0);
  setImmediate(() => console.log('c'));
});
