// timers-set-in-timer-several-durations.js - a timer callback sets timers of 300,
// 100, 200 and 0 ms; with a 250 ms timer set at the start they run by due time.
// The new 100 ms timer joins the 100 ms list while that list runs and waits for a
// later timers phase. Run: node timers-set-in-timer-several-durations.js
setTimeout(() => console.log('main-250'), 250); // due 250
setTimeout(() => {
  console.log('first'); // at about 100 ms
  setTimeout(() => console.log('in-300'), 300); // due 400
  setTimeout(() => console.log('in-100'), 100); // due 200
  setTimeout(() => console.log('in-200'), 200); // due 300
  setTimeout(() => console.log('in-0'), 0); // delay 1: due 101
}, 100);
