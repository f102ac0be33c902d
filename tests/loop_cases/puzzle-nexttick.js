console.log(1);
setTimeout(() => console.log(2), 0);
setImmediate(() => console.log(3));
Promise.resolve().then(() => {
  console.log(4);
  process.nextTick(() => console.log(5));
});
process.nextTick(() => console.log(6));
console.log(7);
const end = performance.now() + 5;
while (performance.now() < end);
