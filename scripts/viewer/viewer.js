// The siege viewer: reads a run or compare file in the browser (h5wasm, served from node_modules;
// no CDN) and shows a pocket's story: a map of its towns coloured by hunger and marked on strike
// days, the day's figures, the negotiation timeline, time series, and the events in words. A compare
// file shows the arms side by side (median and 5-95 % of replicates), their paired difference, and
// the costs and gains of each arm over the whole run (the `outcome_*` summaries `siege compare` writes).
import h5wasm from "./node_modules/h5wasm/dist/esm/hdf5_hl.js";

const Module = await h5wasm.ready;
const $ = (id) => document.getElementById(id);
const STATE_COLOURS = ["#e67e22", "#f1c40f", "#27ae60", "#c0392b", "#8e44ad", "#7f8c8d", "#bdc3c7"];
const ARM_COLOURS = ["#1f5aa6", "#c0392b", "#2e8b57", "#8e44ad"];

let data = null;
const view = { pocket: 0, arm: 0, run: 0, day: 0, timer: null };

function flat(file, name) {
  const dataset = file.get(name);
  return { values: Array.from(dataset.value, Number), shape: dataset.shape.map(Number) };
}

function strings(file, name) {
  const value = file.get(name).value;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function attr(file, name, fallback = "") {
  const a = file.attrs[name];
  return a === undefined ? fallback : a.value;
}

/// Everything the views need, as plain arrays. Daily variables are indexed [arm][run][time][entity].
function read(file) {
  const population = flat(file, "population");
  const compare = population.shape.length === 4;
  const lead = compare ? 1 : 0;
  const d = {
    compare,
    arms: compare ? strings(file, "arm") : [String(attr(file, "policy", "baseline"))],
    runs: population.shape[lead],
    days: population.shape[lead + 1],
    pockets: strings(file, "pocket"),
    towns: strings(file, "town"),
    townPocket: strings(file, "town_pocket"),
    lat: flat(file, "town_lat").values,
    lon: flat(file, "town_lon").values,
    start: new Date(String(attr(file, "start_date", "2000-01-01")) + "T00:00:00Z"),
    scenario: String(attr(file, "scenario_name", "")),
    states: String(file.get("negotiation_state").attrs["flag_meanings"].value).split(" "),
    causes: strings(file, "cause"),
    vars: {},
  };
  for (const name of ["population", "food_price_multiple", "aid_trucks", "strikes", "support_release_condition",
                      "negotiation_state", "deaths", "town_mean_nutrition", "town_population"]) {
    d.vars[name] = flat(file, name).values;
  }
  // The famine measures: files from builds before them lack these, and their charts are left out.
  for (const name of ["crude_death_rate", "under5_gam"]) {
    if (file.keys().includes(name)) d.vars[name] = flat(file, name).values;
  }
  // The whole-run outcomes of a compare file, [arm][run][pocket], with their long names and units.
  d.outcomes = [];
  if (compare) {
    for (const name of file.keys().filter((k) => k.startsWith("outcome_"))) {
      const dataset = file.get(name);
      if (dataset.shape.length !== 3) continue;  // a two-arm file's paired differences: worked out here
      const label = String(dataset.attrs["long_name"]?.value ?? name).replace(/ \(whole run\)$/, "");
      d.outcomes.push({ name, label, units: String(dataset.attrs["units"]?.value ?? ""), values: flat(file, name).values });
    }
  }
  d.events = [];
  if (file.keys().includes("events")) {
    const kinds = String(file.get("events/kind").attrs["flag_meanings"].value).split(" ");
    const codes = Array.from(file.get("events/kind").attrs["flag_values"].value, Number);
    const kindName = new Map(codes.map((c, i) => [c, kinds[i]]));
    const times = flat(file, "events/time").values;
    const runs = flat(file, "events/run").values;
    const arms = compare ? flat(file, "events/arm").values : times.map(() => 0);
    const pockets = strings(file, "events/pocket");
    const kindValues = flat(file, "events/kind").values;
    const reasons = strings(file, "events/reason");
    for (let i = 0; i < times.length; i++) {
      d.events.push({ day: times[i], run: runs[i], arm: arms[i], pocket: pockets[i],
                      kind: kindName.get(kindValues[i]) ?? String(kindValues[i]), reason: reasons[i] });
    }
  }
  return d;
}

/// Value of a daily variable with `per` entities (pockets or towns) a day.
function at(name, arm, run, day, entity, per, causes = 1) {
  const d = data;
  const base = (((arm * d.runs + run) * d.days + day) * per + entity) * causes;
  if (causes === 1) return d.vars[name][base];
  let sum = 0;
  for (let c = 0; c < causes; c++) sum += d.vars[name][base + c];
  return sum;
}
const pocketValue = (name, arm, run, day) => at(name, arm, run, day, view.pocket, data.pockets.length);
const deathsOf = (arm, run, day) => at("deaths", arm, run, day, view.pocket, data.pockets.length, data.causes.length);

function dateOf(day) {
  const t = new Date(data.start.getTime() + day * 86400000);
  return t.toISOString().slice(0, 10);
}

function fmt(x, digits = 0) {
  return Number.isFinite(x) ? x.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–";
}

// ---------------------------------------------------------------- drawing helpers
const SVG = "http://www.w3.org/2000/svg";
function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const at_ = q * (sorted.length - 1), lo = Math.floor(at_), hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (at_ - lo) * (sorted[hi] - sorted[lo]);
}

/// A line chart: series = [{label, colour, values, low?, high?}] over days; a cursor at the day.
function lineChart(container, id, title, series, units) {
  const box = document.createElement("div");
  box.className = "chart";
  box.innerHTML = `<h4>${title}${units ? ` <small>(${units})</small>` : ""}</h4>`;
  const svg = el("svg", { id, viewBox: "0 0 400 170", preserveAspectRatio: "none" }, null);
  box.appendChild(svg);
  container.appendChild(box);
  let lo = Infinity, hi = -Infinity;
  for (const s of series) for (const v of [...s.values, ...(s.low ?? []), ...(s.high ?? [])]) {
    if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  }
  if (!(hi > lo)) { hi = lo + 1; }
  const x = (day) => 40 + (day / Math.max(1, data.days - 1)) * 350;
  const y = (v) => 150 - ((v - lo) / (hi - lo)) * 135;
  el("text", { x: 2, y: 18, "font-size": 10 }, svg).textContent = fmt(hi, hi < 10 ? 2 : 0);
  el("text", { x: 2, y: 150, "font-size": 10 }, svg).textContent = fmt(lo, hi < 10 ? 2 : 0);
  series.forEach((s) => {
    if (s.low && s.high) {
      const upper = s.high.map((v, d) => `${x(d)},${y(v)}`);
      const lower = s.low.map((v, d) => `${x(d)},${y(v)}`).reverse();
      el("polygon", { points: [...upper, ...lower].join(" "), fill: s.colour, opacity: 0.2 }, svg);
    }
    el("polyline", { points: s.values.map((v, d) => `${x(d)},${y(v)}`).join(" "), fill: "none", stroke: s.colour,
                     "stroke-width": 1.5, "data-label": s.label }, svg);
  });
  el("line", { class: "cursor", x1: x(view.day), x2: x(view.day), y1: 10, y2: 152, stroke: "#000",
               "stroke-dasharray": "3 3" }, svg);
  series.forEach((s, i) => {
    el("text", { x: 45 + i * 120, y: 166, "font-size": 10, fill: s.colour }, svg).textContent = s.label;
  });
}

/// The series of one arm over the days: run `view.run` for a run file; median and 5-95 % of the
/// replicates for a compare file.
function armSeries(valueOf, arm, label, colour) {
  const days = [...Array(data.days).keys()];
  if (!data.compare) return { label, colour, values: days.map((d) => valueOf(arm, view.run, d)) };
  const median = [], low = [], high = [];
  for (const d of days) {
    const sample = [...Array(data.runs).keys()].map((r) => valueOf(arm, r, d)).sort((a, b) => a - b);
    median.push(quantile(sample, 0.5));
    low.push(quantile(sample, 0.05));
    high.push(quantile(sample, 0.95));
  }
  return { label: `${label} median, 5–95 %`, colour, values: median, low, high };
}

function cumulative(valueOf) {
  const cache = new Map();
  return (arm, run, day) => {
    const key = `${arm}/${run}`;
    if (!cache.has(key)) {
      let sum = 0;
      cache.set(key, [...Array(data.days).keys()].map((d) => (sum += valueOf(arm, run, d))));
    }
    return cache.get(key)[day];
  };
}

const CHARTS = [
  ["chart-population", "Population", "persons", (a, r, d) => pocketValue("population", a, r, d)],
  ["chart-deaths", "Deaths since day 0", "persons", null],
  ["chart-price", "Food price", "× outside", (a, r, d) => pocketValue("food_price_multiple", a, r, d)],
  ["chart-aid", "Aid trucks since day 0", "trucks", null],
  ["chart-support", "Support for the release condition", "0–1", (a, r, d) => pocketValue("support_release_condition", a, r, d)],
  ["chart-cdr", "Crude death rate", "per 10,000 a day", (a, r, d) => pocketValue("crude_death_rate", a, r, d), "crude_death_rate"],
  ["chart-gam", "Acute malnutrition (GAM) under 5", "share", (a, r, d) => pocketValue("under5_gam", a, r, d), "under5_gam"],
];

// ---------------------------------------------------------------- views
function drawCharts() {
  const container = $("charts");
  container.innerHTML = "";
  const deaths = cumulative(deathsOf);
  const aid = cumulative((a, r, d) => pocketValue("aid_trucks", a, r, d));
  const arms = data.compare ? data.arms.map((_, i) => i) : [view.arm];
  for (const [id, title, units, fn, needs] of CHARTS) {
    if (needs && !(needs in data.vars)) continue;
    const valueOf = fn ?? (id === "chart-deaths" ? deaths : aid);
    const series = arms.map((a) => armSeries(valueOf, a, data.compare ? data.arms[a] : `run ${view.run}`,
                                             ARM_COLOURS[a % ARM_COLOURS.length]));
    lineChart(container, id, title, series, units);
  }
  // Deaths by cause, cumulative, for the arm and run chosen above.
  const causeColours = ["#d35400", "#7f8c8d", "#c0392b", "#8e44ad"];
  const nPockets = data.pockets.length, nCauses = data.causes.length;
  const byCause = data.causes.map((cause, c) => {
    let sum = 0;
    const values = [...Array(data.days).keys()].map((d) =>
      (sum += data.vars.deaths[(((view.arm * data.runs + view.run) * data.days + d) * nPockets + view.pocket) * nCauses + c]));
    return { label: cause.replaceAll("_", " "), colour: causeColours[c % causeColours.length], values };
  });
  lineChart(container, "chart-causes",
            `Deaths by cause since day 0${data.compare ? ` (${data.arms[view.arm]}, run ${view.run})` : ` (run ${view.run})`}`,
            byCause, "persons");
  if (data.compare && data.arms.length >= 2) {
    $("difference-panel").hidden = false;
    $("difference-title").textContent = `Paired difference, ${data.arms[1]} − ${data.arms[0]} (same seed and run)`;
    const diff = $("difference");
    diff.innerHTML = "";
    const paired = (valueOf) => (a, r, d) => valueOf(1, r, d) - valueOf(0, r, d);
    lineChart(diff, "chart-difference-deaths", "Deaths since day 0", [armSeries(paired(deaths), 0, "difference", "#333")],
              "persons");
    lineChart(diff, "chart-difference-population", "Population",
              [armSeries(paired((a, r, d) => pocketValue("population", a, r, d)), 0, "difference", "#333")], "persons");
  } else {
    $("difference-panel").hidden = true;
  }
}

function drawTimeline() {
  const svg = $("timeline");
  svg.innerHTML = "";
  const x = (day) => (day / data.days) * 800;
  let start = 0;
  const stateOf = (d) => pocketValue("negotiation_state", view.arm, view.run, d);
  for (let d = 1; d <= data.days; d++) {
    if (d === data.days || stateOf(d) !== stateOf(start)) {
      const s = stateOf(start);
      el("rect", { x: x(start), y: 10, width: x(d) - x(start), height: 40, fill: STATE_COLOURS[s] ?? "#ccc",
                   "data-state": data.states[s] }, svg).appendChild(el("title")).textContent =
        `${data.states[s]}: ${dateOf(start)} to ${dateOf(d - 1)}`;
      start = d;
    }
  }
  el("line", { class: "cursor", x1: x(view.day), x2: x(view.day), y1: 0, y2: 60, stroke: "#000", "stroke-width": 2 }, svg);
  $("timeline-legend").innerHTML = data.states.map((s, i) =>
    `<span class="swatch" style="background:${STATE_COLOURS[i]}"></span>${s}`).join(" ");
}

function drawEvents() {
  const list = $("events");
  list.innerHTML = "";
  const pocket = data.pockets[view.pocket];
  for (const e of data.events) {
    if (e.pocket !== pocket || e.run !== view.run || e.arm !== view.arm) continue;
    const li = document.createElement("li");
    li.dataset.day = e.day;
    li.textContent = `${dateOf(e.day)} (day ${e.day}) — ${e.kind.replaceAll("_", " ")}: ${e.reason}`;
    list.appendChild(li);
  }
}

function drawMap() {
  const svg = $("map");
  svg.innerHTML = "";
  const pocket = data.pockets[view.pocket];
  const towns = data.towns.map((_, t) => t).filter((t) => data.townPocket[t] === pocket);
  const lats = towns.map((t) => data.lat[t]), lons = towns.map((t) => data.lon[t]);
  const pad = 0.02;
  const [la0, la1] = [Math.min(...lats) - pad, Math.max(...lats) + pad];
  const [lo0, lo1] = [Math.min(...lons) - pad, Math.max(...lons) + pad];
  const scale = Math.min(360 / (lo1 - lo0), 260 / (la1 - la0));
  const px = (lon) => 20 + (lon - lo0) * scale, py = (lat) => 280 - (lat - la0) * scale;
  const struck = pocketValue("strikes", view.arm, view.run, view.day) > 0;
  const nTowns = data.towns.length;
  for (const t of towns) {
    const people = at("town_population", view.arm, view.run, view.day, t, nTowns);
    const nutrition = at("town_mean_nutrition", view.arm, view.run, view.day, t, nTowns);
    const hunger = Math.max(0, Math.min(1, 1 - nutrition));
    const colour = `rgb(${Math.round(46 + hunger * 146)}, ${Math.round(139 - hunger * 82)}, ${Math.round(87 - hunger * 44)})`;
    const r = 3 + Math.sqrt(Math.max(0, people)) / 12;
    const dot = el("circle", { class: "town", cx: px(data.lon[t]), cy: py(data.lat[t]), r, fill: colour,
                               opacity: people > 0 ? 0.85 : 0.2, "data-town": data.towns[t],
                               "data-population": people, stroke: struck ? "#000" : "none",
                               "stroke-width": struck ? 2.5 : 0 }, svg);
    el("title", {}, dot).textContent = `${data.towns[t]}: ${fmt(people)} persons, reserve ${fmt(100 * nutrition)} %`;
    el("text", { x: px(data.lon[t]) + r + 2, y: py(data.lat[t]) + 3, "font-size": 9 }, svg).textContent = data.towns[t];
  }
  if (struck) {
    el("text", { x: 10, y: 16, "font-size": 12, fill: "#c0392b", id: "map-strikes" }, svg).textContent =
      `${pocketValue("strikes", view.arm, view.run, view.day)} strike(s) today`;
  }
}

function drawDay() {
  const d = view.day;
  $("day").value = d;
  $("date").textContent = `${dateOf(d)} (day ${d} of ${data.days - 1})`;
  const a = view.arm, r = view.run;
  $("readout-population").textContent = fmt(pocketValue("population", a, r, d));
  $("readout-deaths").textContent = fmt(deathsOf(a, r, d));
  $("readout-price").textContent = fmt(pocketValue("food_price_multiple", a, r, d), 2);
  $("readout-aid").textContent = fmt(pocketValue("aid_trucks", a, r, d));
  $("readout-strikes").textContent = fmt(pocketValue("strikes", a, r, d));
  $("readout-support").textContent = fmt(pocketValue("support_release_condition", a, r, d), 3);
  $("readout-state").textContent = data.states[pocketValue("negotiation_state", a, r, d)] ?? "?";
  drawMap();
  const xFor = (width, offset, span) => offset + (d / Math.max(1, data.days - 1)) * span;
  for (const cursor of document.querySelectorAll(".chart svg .cursor")) {
    cursor.setAttribute("x1", xFor(400, 40, 350));
    cursor.setAttribute("x2", xFor(400, 40, 350));
  }
  const line = document.querySelector("#timeline .cursor");
  if (line) { line.setAttribute("x1", (d / data.days) * 800); line.setAttribute("x2", (d / data.days) * 800); }
  for (const li of document.querySelectorAll("#events li")) li.classList.toggle("today", Number(li.dataset.day) === d);
}

/// Median [5-95 %] of a sample, as the table shows it.
function spread(sample, digits) {
  const sorted = sample.filter(Number.isFinite).sort((a, b) => a - b);
  return `${fmt(quantile(sorted, 0.5), digits)} [${fmt(quantile(sorted, 0.05), digits)}, ${fmt(quantile(sorted, 0.95), digits)}]`;
}

/// The costs and gains of each arm in the chosen pocket, side by side, and the paired differences.
function drawOutcomes() {
  const show = data.compare && data.outcomes.length > 0;
  $("outcomes-panel").hidden = !show;
  if (!show) return;
  const nPockets = data.pockets.length;
  const of = (o, arm, run) => o.values[(arm * data.runs + run) * nPockets + view.pocket];
  const runs = [...Array(data.runs).keys()];
  const head = ["", ...data.arms, ...data.arms.slice(1).map((a) => `${a} − ${data.arms[0]}`)];
  const rows = data.outcomes.map((o) => {
    const sample = (arm) => runs.map((r) => of(o, arm, r));
    const digits = sample(0).every((v) => Number.isInteger(v)) ? 0 : 2;
    const cells = data.arms.map((_, a) => spread(sample(a), digits));
    for (let a = 1; a < data.arms.length; a++) cells.push(spread(runs.map((r) => of(o, a, r) - of(o, 0, r)), digits));
    const units = o.units && o.units !== "1" ? ` <small>(${o.units})</small>` : "";
    return `<tr data-outcome="${o.name}"><th>${o.label}${units}</th>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
  });
  $("outcomes").innerHTML = `<tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr>${rows.join("")}`;
}

function drawAll() {
  drawOutcomes();
  drawCharts();
  drawTimeline();
  drawEvents();
  drawDay();
}

function fillSelect(select, labels, value) {
  select.innerHTML = labels.map((l, i) => `<option value="${i}">${l}</option>`).join("");
  select.value = String(value);
}

function show() {
  $("title").textContent = `${data.scenario} — ${data.compare ? `arms ${data.arms.join(" vs ")}` : `policy ${data.arms[0]}`}`
    + `, ${data.runs} run${data.runs === 1 ? "" : "s"}`;
  // The first pocket under siege, else the first.
  view.pocket = 0;
  for (let p = 0; p < data.pockets.length; p++) {
    let besieged = false;
    for (let d = 0; d < data.days && !besieged; d++) besieged = at("negotiation_state", 0, 0, d, p, data.pockets.length) !== 6;
    if (besieged) { view.pocket = p; break; }
  }
  view.arm = 0; view.run = 0; view.day = 0;
  fillSelect($("pocket"), data.pockets, view.pocket);
  fillSelect($("arm"), data.arms, 0);
  fillSelect($("run"), [...Array(data.runs).keys()].map(String), 0);
  $("arm-label").hidden = !data.compare;
  $("day").max = data.days - 1;
  $("controls").hidden = false;
  $("views").hidden = false;
  drawAll();
}

async function open(name, buffer) {
  $("status").textContent = `reading ${name}…`;
  try {
    const path = `/work-${Date.now()}.h5`;
    Module.FS.writeFile(path, new Uint8Array(buffer));
    const file = new h5wasm.File(path, "r");
    try {
      data = read(file);
    } finally {
      file.close();
      Module.FS.unlink(path);
    }
    show();
    $("status").textContent = `loaded ${name}`;
    document.body.dataset.loaded = "true";
  } catch (error) {
    $("status").textContent = `cannot read ${name}: ${error.message ?? error} (is it a siege run or compare file?)`;
    document.body.dataset.loaded = "error";
  }
}

// ---------------------------------------------------------------- controls
$("file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (file) await open(file.name, await file.arrayBuffer());
});
document.addEventListener("dragover", (event) => { event.preventDefault(); document.body.classList.add("dragging"); });
document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
document.addEventListener("drop", async (event) => {
  event.preventDefault();
  document.body.classList.remove("dragging");
  const file = event.dataTransfer.files[0];
  if (file) await open(file.name, await file.arrayBuffer());
});
$("day").addEventListener("input", (event) => { view.day = Number(event.target.value); drawDay(); });
$("pocket").addEventListener("change", (event) => { view.pocket = Number(event.target.value); drawAll(); });
$("arm").addEventListener("change", (event) => { view.arm = Number(event.target.value); drawAll(); });
$("run").addEventListener("change", (event) => { view.run = Number(event.target.value); drawAll(); });
$("play").addEventListener("click", () => {
  if (view.timer) {
    clearInterval(view.timer);
    view.timer = null;
    $("play").textContent = "Play";
    return;
  }
  $("play").textContent = "Pause";
  view.timer = setInterval(() => {
    if (view.day >= data.days - 1) { $("play").click(); return; }
    view.day += 1;
    drawDay();
  }, 80);
});

// scripts/view serves a file and opens the page with ?file=…
const wanted = new URLSearchParams(location.search).get("file");
if (wanted) {
  const response = await fetch(wanted);
  if (response.ok) await open(wanted.split("/").pop(), await response.arrayBuffer());
  else $("status").textContent = `cannot fetch ${wanted} (${response.status})`;
}
