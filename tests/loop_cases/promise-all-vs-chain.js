async function c(n) { console.log('child ' + n); }
(async () => {
  Promise.resolve().then(() => console.log('m1')).then(() => console.log('m2')).then(() => console.log('m3')).then(() => console.log('m4'));
  await Promise.all([c(1), c(2)]);
  console.log('main resumed');
})();
