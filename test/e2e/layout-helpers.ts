import type { Page } from 'playwright-core';

/**
 * Controls matching `selector` that something else covers: the element at the
 * centre of each (what a click there reaches) is neither the control nor inside
 * it. Returns their names ("Print day"), so a failure says which.
 */
export async function coveredControls(page: Page, selector: string): Promise<string[]> {
  // A string, so this file compiles without the DOM library (it runs in the page).
  return (await page.evaluate(`(() => [...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((el) => el.getClientRects().length > 0)
    .filter((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit === null || (hit !== el && !el.contains(hit));
    })
    .map((el) => (el.getAttribute('aria-label') || el.textContent || el.tagName).trim()))()`)) as string[];
}
