// io-immediate-before-timeout.js - the example under "setImmediate() vs setTimeout()"
// in Node's guide "The Node.js Event Loop": within an I/O callback the immediate
// always runs first. Run: node io-immediate-before-timeout.js
const fs = require('node:fs');

fs.readFile(__filename, () => {
  setTimeout(() => console.log('timeout'), 0);
  setImmediate(() => console.log('immediate'));
});
