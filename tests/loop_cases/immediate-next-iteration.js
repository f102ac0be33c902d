// immediate-next-iteration.js - inside an I/O callback: the immediates queued there
// run in this iteration's check phase; one queued by an immediate waits for the
// next iteration, after that iteration's timers phase, where the 1 ms timer is due
// because i1 works for 2 ms. Run: node immediate-next-iteration.js
const fs = require('node:fs');

fs.readFile(__filename, () => {
  setTimeout(() => console.log('timer'), 0);
  setImmediate(() => {
    console.log('i1');
    const end = performance.now() + 2; // 2 ms of synchronous work
    while (performance.now() < end);
    setImmediate(() => console.log('i3'));
  });
  setImmediate(() => console.log('i2'));
});
