// Counts each headline counter up to its final value, once, when it scrolls into view.
// The final numbers are in the HTML and stay there until then, so a counter not yet seen never
// shows 0, and readers without JavaScript or who prefer reduced motion simply see them. Screen
// readers and print use a copy of the number that this script never touches (the animated one
// is aria-hidden and hidden in print), so paper and PDF never catch a count half-way.

const DURATION_MS = 1200;

function countUp(element) {
  const target = Number(element.dataset.count);
  const finalText = element.textContent;
  const format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const start = performance.now();

  function step(now) {
    const progress = Math.min((now - start) / DURATION_MS, 1);
    if (progress < 1) {
      const eased = 1 - (1 - progress) ** 3;
      element.textContent = format.format(Math.round(target * eased));
      requestAnimationFrame(step);
    } else {
      // End on the server's own formatting of the number, exactly as without JavaScript.
      element.textContent = finalText;
    }
  }
  requestAnimationFrame(step);
}

const numbers = document.querySelectorAll(".counters--band [data-count]");
const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

if (numbers.length && !reduceMotion && "IntersectionObserver" in window) {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          countUp(entry.target);
        }
      }
    },
    { threshold: 0.5 },
  );
  for (const number of numbers) {
    observer.observe(number);
  }
}
