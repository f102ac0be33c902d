const fs = require('fs');
const log = console.log;
log(1);
fs.readFile(__filename, () => {
  log(2);
  setTimeout(() => log(3), 0);
  setImmediate(() => log(4));
  Promise.resolve().then(() => log(5));
});
log(6);
