// Drives the viewer in Debian's Chromium (headless, playwright-core) and checks what it shows
// against numbers read from the file by the Python test:
//   node tests/browser/check_viewer.mjs URL EXPECTED.json SCREENSHOT.png
// EXPECTED: {day, population, population_other_day, other_day, towns, arms?, population_second_arm?,
//            outcome_medians?: {name: [median of each arm]}}
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../scripts/viewer/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [url, expectedPath, screenshot] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedPath, "utf8"));
const fail = (message) => { console.error(`check_viewer: ${message}`); process.exit(1); };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1400 } });
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.loaded, null, { timeout: 60000 });
  if ((await page.evaluate(() => document.body.dataset.loaded)) !== "true") {
    fail(`the viewer did not load the file: ${await page.textContent("#status")}`);
  }
  const number = async (selector) => Number((await page.textContent(selector)).replaceAll(",", ""));
  const scrub = async (day) => {
    await page.$eval("#day", (input, value) => {
      input.value = String(value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, day);
  };

  // The map draws every town of the pocket, the charts draw their lines.
  const towns = await page.$$eval("#map circle.town", (circles) => circles.length);
  if (towns !== expected.towns) fail(`the map shows ${towns} towns, the file has ${expected.towns}`);
  for (const id of ["chart-population", "chart-deaths", "chart-price", "chart-aid", "chart-support", "chart-cdr", "chart-gam"]) {
    const points = await page.$eval(`#${id} polyline`, (line) => line.getAttribute("points").split(" ").length);
    if (points !== expected.days) fail(`${id} has ${points} points for ${expected.days} days`);
  }
  const causes = await page.$$eval("#chart-causes polyline", (lines) => lines.length);
  if (causes !== 4) fail(`the deaths-by-cause chart has ${causes} lines instead of one per cause`);
  const bands = await page.$$eval("#timeline rect", (rects) => rects.length);
  if (bands < 1) fail("the negotiation timeline is empty");

  // The day's figures are the file's, and scrubbing moves them.
  await scrub(expected.day);
  const shown = await number("#readout-population");
  if (shown !== expected.population) fail(`population on day ${expected.day}: shown ${shown}, file ${expected.population}`);
  await scrub(expected.other_day);
  const moved = await number("#readout-population");
  if (moved !== expected.population_other_day) {
    fail(`population on day ${expected.other_day}: shown ${moved}, file ${expected.population_other_day}`);
  }
  const dateText = await page.textContent("#date");
  if (!dateText.includes(`day ${expected.other_day}`)) fail(`the date label says '${dateText}'`);

  if (expected.arms) {
    const arms = await page.$$eval("#arm option", (options) => options.map((o) => o.textContent));
    if (JSON.stringify(arms) !== JSON.stringify(expected.arms)) fail(`arms ${arms} instead of ${expected.arms}`);
    const lines = await page.$$eval("#chart-population polyline", (ls) => ls.map((l) => l.dataset.label));
    if (lines.length !== expected.arms.length) fail(`${lines.length} arms side by side in the population chart`);
    if (!(await page.isVisible("#difference-panel"))) fail("no paired difference for a compare file");
    // The costs and gains of every arm, side by side, with the file's medians.
    if (!(await page.isVisible("#outcomes-panel"))) fail("no table of each arm's costs and gains");
    const header = await page.$$eval("#outcomes tr:first-child th", (cells) => cells.map((c) => c.textContent));
    if (JSON.stringify(header.slice(1, 1 + expected.arms.length)) !== JSON.stringify(expected.arms)) {
      fail(`the outcomes table's arms are ${header}`);
    }
    for (const [name, medians] of Object.entries(expected.outcome_medians ?? {})) {
      const cells = await page.$$eval(`#outcomes tr[data-outcome="outcome_${name}"] td`, (tds) => tds.map((t) => t.textContent));
      if (cells.length !== 2 * expected.arms.length - 1) fail(`outcome ${name}: ${cells.length} cells`);
      medians.forEach((median, arm) => {
        const shown = Number(cells[arm].split(" [")[0].replaceAll(",", ""));
        if (Math.abs(shown - median) > 0.5) fail(`outcome ${name}, arm ${arm}: shown ${shown}, file ${median}`);
      });
    }
    await page.selectOption("#arm", "1");
    await scrub(expected.day);
    const second = await number("#readout-population");
    if (second !== expected.population_second_arm) {
      fail(`second arm, day ${expected.day}: shown ${second}, file ${expected.population_second_arm}`);
    }
  }
  const events = await page.$$eval("#events li", (items) => items.length);
  if (events < 1) fail("no events listed");
  if (errors.length) fail(`errors in the page: ${errors.join("; ")}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`check_viewer: ok (${towns} towns, ${events} events, screenshot ${screenshot})`);
} finally {
  await browser.close();
}
