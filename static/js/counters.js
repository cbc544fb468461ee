// Counts each personnel counter up to its final value, once, when it scrolls into view.
// The final numbers are in the HTML: without JavaScript, or for readers who prefer
// reduced motion, they simply show. Screen readers read a hidden copy of the final
// number; the animated one is aria-hidden.

const DURATION_MS = 1200;

function countUp(element) {
  const target = Number(element.dataset.count);
  const finalText = element.dataset.final;
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

const numbers = document.querySelectorAll(".counters--animate [data-count]");
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
    number.dataset.final = number.textContent;
    number.textContent = "0";
    observer.observe(number);
  }
}
