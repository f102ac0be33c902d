// seed-order.js - the seed's script (issue 3), as a CommonJS main module.
// Run: node seed-order.js
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// 32 MiB, so that reading it takes longer than the 1 ms of setTimeout(0).
const file = path.join(os.tmpdir(), `bistro-seed-order-${process.pid}.bin`);
fs.writeFileSync(file, Buffer.alloc(32 * 1024 * 1024));
process.on('exit', () => fs.unlinkSync(file));

console.log('1');
fs.promises.readFile(file).then(() => console.log('3'));
console.log('2');
Promise.resolve().then(() => console.log('4'));
setTimeout(() => console.log('5'), 0);
