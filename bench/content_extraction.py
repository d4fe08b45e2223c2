"""Reading a comment section: the YouTube adapter finds and reads every comment of a watch page
with 2,000 comments (target: under 100 ms median), and the same at 200 and 20,000 for growth, in
headless Chromium on the YouTube fixture page (tests/browser/fixtures/sites/youtube, ?bench=N:
one thread in five with a reply, emoji as <img alt>, YouTube's repeated element ids).

Timed in the page with performance.now() around `findComments(document)` plus `readComment` of each
result, which is what the content script does on load and after an SPA navigation. The growth
figure is the 20,000 median over 10 × the 2,000 median: 1.0 means linear. (A first version ran
quadratic: on YouTube every comment repeats ids like #content-text, and Chromium answers an id
selector inside an element by collecting every element in the document with that id; the adapter
now writes those selectors as :is(#id), which Chromium matches by walking the comment's subtree.)
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))

from common import Figure, print_figures  # noqa: E402
from site_harness import inject_adapters, launch_site_browser, open_site, start_site_server  # noqa: E402

SIZES = (200, 2_000, 20_000)
TARGET_SIZE = 2_000

# Runs in the page: `runs` timed passes after `warmup` untimed ones; each pass must read them all.
MEASURE = """([runs, warmup, expected]) => {
  const adapter = TandemSites.forUrl(location.href);
  const samples = [];
  for (let i = 0; i < runs + warmup; i += 1) {
    const started = performance.now();
    const comments = adapter.findComments(document).map((el) => adapter.readComment(el));
    const elapsed = performance.now() - started;
    if (comments.length !== expected || comments.some((c) => !c || !c.id || !c.text)) {
      throw new Error(`read ${comments.length} comments, expected ${expected}`);
    }
    if (i >= warmup) samples.push(elapsed);
  }
  return samples;
}"""


def measure(size: int, runs: int, page: object) -> list[float]:
    open_site(page, f"https://www.youtube.com/watch?v=abc&bench={size}")
    inject_adapters(page)
    return page.evaluate(MEASURE, [runs, 2, size])


def run(sizes: tuple[int, ...] = SIZES) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    server = start_site_server()
    samples: dict[int, list[float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = launch_site_browser(playwright.chromium, server.port)
            try:
                page = browser.new_page(ignore_https_errors=True)
                for size in sizes:
                    samples[size] = measure(size, 5 if size > TARGET_SIZE else 15, page)
            finally:
                browser.close()
    finally:
        server.close()
    figures = [Figure(f"content extraction: find + read {size:,} YouTube comments", samples[size],
                      target="< 100 ms" if size == TARGET_SIZE else "",
                      note=f"{statistics.median(samples[size]) / size * 1000:.1f} µs per comment")
               for size in sizes]
    if TARGET_SIZE in samples and max(sizes) > TARGET_SIZE:
        big = max(sizes)
        growth = (statistics.median(samples[big]) / big) / (statistics.median(samples[TARGET_SIZE]) / TARGET_SIZE)
        figures.append(Figure(f"content extraction: cost per comment at {big:,} over {TARGET_SIZE:,}", value=growth, unit="×",
                              note="1.0 = linear growth"))
    return figures


if __name__ == "__main__":
    print_figures(run())
