// timers-expiry-order.js - timers fire in order of expiry; timers due at the same
// time fire in the order they were set. Run: node timers-expiry-order.js
setTimeout(() => console.log('30ms'), 30);
setTimeout(() => console.log('10ms-a'), 10);
setTimeout(() => console.log('20ms-a'), 20);
setTimeout(() => console.log('10ms-b'), 10);
setTimeout(() => console.log('20ms-b'), 20);
