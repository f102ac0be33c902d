// threadpool-starved-read.js - crypto.pbkdf2 (about 50 ms of CPU here) and a file read
// share libuv's threadpool. With one thread the read waits behind the hash; with
// the default four it finishes first. A single fs.read on an open descriptor is one
// threadpool request, as the scenario's one disk operation.
// Run: UV_THREADPOOL_SIZE=1 node threadpool-starved-read.js
//      UV_THREADPOOL_SIZE=4 node threadpool-starved-read.js
const crypto = require('node:crypto');
const fs = require('node:fs');

const fd = fs.openSync(__filename, 'r');
crypto.pbkdf2('secret', 'salt', 100000, 64, 'sha512', () => console.log('crypto'));
fs.read(fd, Buffer.alloc(64), 0, 64, 0, () => { console.log('read'); fs.closeSync(fd); });
