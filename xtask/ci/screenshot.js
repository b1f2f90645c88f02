// Opens docs pages in headless Chromium over the DevTools protocol and takes screenshots;
// fails on any console error, uncaught exception, failed or external request, and on a page
// that scrolls sideways on a phone. Node built-ins only.
//
// Usage: node screenshot.js OUT_DIR NAME=PATH/index.html...
//
// The protocol runs over `--remote-debugging-pipe` (JSON messages separated by NUL on file
// descriptors 3 and 4), so there is no port, no WebSocket and no race with the browser's
// start-up. Every event that can signal a problem is watched: Runtime.consoleAPICalled
// (error, assert), Runtime.exceptionThrown, Log.entryAdded (level error: failed resource
// loads, CSP and parser errors the browser itself reports), Network.requestWillBeSent (any
// URL that is not the page itself or inline data), Network.loadingFailed and HTTP errors.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const VIEWPORTS = [
  { suffix: "", width: 1366, height: 900, scale: 1, mobile: false, scheme: "light" },
  { suffix: "-phone", width: 390, height: 844, scale: 2, mobile: true, scheme: "light" },
  { suffix: "-dark", width: 1366, height: 900, scale: 1, mobile: false, scheme: "dark" },
  // Wide enough for the sample panel to sit beside the tables.
  { suffix: "-wide", width: 1680, height: 1000, scale: 1, mobile: false, scheme: "light" },
];
const TIMEOUT_MS = 60000;

function chromiumBinary() {
  for (const c of [process.env.CHROMIUM, "chromium", "chromium-browser", "google-chrome"]) {
    if (!c) continue;
    for (const dir of (c.includes("/") ? [""] : process.env.PATH.split(":"))) {
      const p = dir ? path.join(dir, c) : c;
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return p;
      } catch (_) {}
    }
  }
  throw new Error("chromium not found (set CHROMIUM)");
}

class Browser {
  constructor() {
    this.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-shot-"));
    const args = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-quic", "--disable-extensions", "--disable-default-apps",
      "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
      `--user-data-dir=${this.userDataDir}`, "about:blank",
    ];
    this.proc = spawn(chromiumBinary(), args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    this.stderr = "";
    this.proc.stderr.on("data", (d) => { this.stderr += d; });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    let buf = Buffer.alloc(0);
    this.proc.stdio[4].on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      let end;
      while ((end = buf.indexOf(0)) !== -1) {
        const msg = JSON.parse(buf.subarray(0, end).toString("utf8"));
        buf = buf.subarray(end + 1);
        this.dispatch(msg);
      }
    });
    this.exited = new Promise((resolve) => this.proc.on("exit", resolve));
  }

  dispatch(msg) {
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      const { resolve, reject, method } = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of this.listeners) l(msg);
    }
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.proc.stdio[3].write(JSON.stringify(msg) + "\0");
    });
  }

  waitFor(pred) {
    return new Promise((resolve) => {
      const l = (msg) => {
        if (pred(msg)) {
          this.listeners = this.listeners.filter((x) => x !== l);
          resolve(msg);
        }
      };
      this.listeners.push(l);
    });
  }

  async close() {
    try { await this.send("Browser.close"); } catch (_) {}
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
    await this.exited;
    clearTimeout(timer);
    fs.rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

function describe(obj) {
  if (!obj) return "";
  if (obj.value !== undefined) return String(obj.value);
  return obj.description || obj.type || "";
}

async function shoot(browser, name, file, outDir) {
  const pageUrl = pathToFileURL(path.resolve(file)).href;
  const problems = [];
  const { targetId } = await browser.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await browser.send("Target.attachToTarget", { targetId, flatten: true });
  const s = (method, params) => browser.send(method, params, sessionId);
  const watch = (msg) => {
    if (msg.sessionId !== sessionId) return;
    const p = msg.params || {};
    switch (msg.method) {
      case "Runtime.consoleAPICalled":
        if (p.type === "error" || p.type === "assert") {
          problems.push(`console.${p.type}: ${(p.args || []).map(describe).join(" ")}`);
        }
        break;
      case "Runtime.exceptionThrown":
        problems.push(`uncaught exception: ${p.exceptionDetails.exception ? describe(p.exceptionDetails.exception) : p.exceptionDetails.text}`);
        break;
      case "Log.entryAdded":
        if (p.entry.level === "error") problems.push(`browser log error: ${p.entry.text} ${p.entry.url || ""}`);
        break;
      case "Network.requestWillBeSent": {
        const u = p.request.url;
        if (u !== pageUrl && !u.startsWith("data:") && u !== "about:blank") {
          problems.push(`request to ${u}`);
        }
        break;
      }
      case "Network.loadingFailed":
        problems.push(`failed request: ${p.errorText} (${p.type})`);
        break;
      case "Network.responseReceived":
        if (p.response.status >= 400) problems.push(`HTTP ${p.response.status} for ${p.response.url}`);
        break;
      default:
    }
  };
  browser.listeners.push(watch);
  await s("Page.enable");
  await s("Runtime.enable");
  await s("Log.enable");
  await s("Network.enable");
  const shots = [];
  for (const vp of VIEWPORTS) {
    await s("Emulation.setDeviceMetricsOverride", {
      width: vp.width, height: vp.height, deviceScaleFactor: vp.scale, mobile: vp.mobile,
    });
    await s("Emulation.setEmulatedMedia", {
      features: [{ name: "prefers-color-scheme", value: vp.scheme }],
    });
    const loaded = browser.waitFor((m) => m.sessionId === sessionId && m.method === "Page.loadEventFired");
    await s("Page.navigate", { url: pageUrl });
    await loaded;
    const evaluate = async (expression) => {
      const r = await s("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(`evaluate ${expression}: ${r.exceptionDetails.text}`);
      return r.result.value;
    };
    const facts = await evaluate(`(() => ({
      ops: document.querySelectorAll("article.op").length,
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      width: window.innerWidth,
      // Every in-page link must name an element id (a broken anchor scrolls nowhere).
      brokenAnchors: [...document.querySelectorAll('a[href^="#"]')]
        .map((a) => decodeURIComponent(a.getAttribute("href").slice(1)))
        .filter((id) => id !== "" && !document.getElementById(id)),
      // Every copy button must name the element it copies.
      brokenCopy: [...document.querySelectorAll("button[data-copy]")]
        .map((b) => b.getAttribute("data-copy"))
        .filter((id) => !document.getElementById(id)),
      panels: document.querySelectorAll("article.op > aside.samples").length,
    }))()`);
    if (facts.brokenAnchors.length) {
      problems.push(`${facts.brokenAnchors.length} broken anchors: ${[...new Set(facts.brokenAnchors)].slice(0, 10).join(", ")}`);
    }
    if (facts.brokenCopy.length) problems.push(`copy buttons without target: ${facts.brokenCopy.slice(0, 10).join(", ")}`);
    if (facts.panels !== facts.ops) problems.push(`${facts.ops} operations but ${facts.panels} sample panels`);
    if (facts.scrollWidth > facts.clientWidth + 1) {
      problems.push(`${vp.width}px wide: scrolls sideways (scrollWidth ${facts.scrollWidth} > clientWidth ${facts.clientWidth})`);
    }
    // Content wider than the screen widens the layout viewport of a mobile browser (innerWidth)
    // or makes the page scroll sideways (scrollWidth).
    if (facts.scrollWidth > vp.width + 1 || facts.width > vp.width + 1) {
      problems.push(`${vp.width}px wide: content is ${Math.max(facts.scrollWidth, facts.width)}px wide`);
    }
    // The search box filters operations: typing a path fragment of the first operation leaves
    // that operation visible, nonsense hides them all.
    const filter = await evaluate(`(() => {
      const input = document.getElementById("search");
      const first = document.querySelector("article.op code.path");
      const set = (v) => { input.value = v; input.dispatchEvent(new Event("input")); };
      const visible = () => [...document.querySelectorAll("article.op")].filter((a) => !a.hidden).length;
      if (!first) return { ok: true };
      set(first.textContent.slice(0, 12));
      const some = visible();
      set("zz-no-such-operation-zz");
      const none = visible();
      const msg = !document.getElementById("no-match").hidden;
      set("");
      const restored = visible();
      return { ok: some > 0 && none === 0 && msg && restored === ${facts.ops}, some, none, restored };
    })()`);
    if (!filter.ok) problems.push(`search filter does not work: ${JSON.stringify(filter)}`);
    const shot = await s("Page.captureScreenshot", { format: "png" });
    const out = path.join(outDir, `${name}${vp.suffix}.png`);
    fs.writeFileSync(out, Buffer.from(shot.data, "base64"));
    shots.push(out);
    if (facts.ops > 0) {
      // The first operation, to see its tables at phone width.
      await evaluate(`(() => { const a = document.querySelector("article.op"); a.scrollIntoView(); return true; })()`);
      const op = await s("Page.captureScreenshot", { format: "png" });
      const opOut = path.join(outDir, `${name}${vp.suffix}-operation.png`);
      fs.writeFileSync(opOut, Buffer.from(op.data, "base64"));
      shots.push(opOut);
      await evaluate(`window.scrollTo(0, 0)`);
    }
    if (facts.ops > 0) {
      // The sample panel of the first operation with a request body (else the first panel).
      await evaluate(`(() => {
        const p = [...document.querySelectorAll("aside.samples")].find((a) => a.textContent.includes("Request ·"))
          || document.querySelector("aside.samples");
        p.scrollIntoView();
        return true;
      })()`);
      const panel = await s("Page.captureScreenshot", { format: "png" });
      const panelOut = path.join(outDir, `${name}${vp.suffix}-samples.png`);
      fs.writeFileSync(panelOut, Buffer.from(panel.data, "base64"));
      shots.push(panelOut);
      await evaluate(`window.scrollTo(0, 0)`);
    }
    if (vp.mobile) {
      const toggled = await evaluate(`(() => { const t = document.getElementById("nav-toggle"); if (t) t.click(); return !!t; })()`);
      if (!toggled) problems.push("no #nav-toggle menu button");
      const menu = await s("Page.captureScreenshot", { format: "png" });
      const menuOut = path.join(outDir, `${name}${vp.suffix}-menu.png`);
      fs.writeFileSync(menuOut, Buffer.from(menu.data, "base64"));
      shots.push(menuOut);
    }
    console.log(`${name}: ${vp.width}x${vp.height}: ${facts.ops} operations, filter ${JSON.stringify(filter)}`);
  }
  browser.listeners = browser.listeners.filter((l) => l !== watch);
  await browser.send("Target.closeTarget", { targetId });
  return { problems, shots };
}

async function main() {
  const [outDir, ...pages] = process.argv.slice(2);
  if (!outDir || pages.length === 0) {
    console.error("usage: node screenshot.js OUT_DIR NAME=PATH/index.html...");
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const browser = new Browser();
  const timer = setTimeout(() => {
    console.error(`error: timed out after ${TIMEOUT_MS} ms\n${browser.stderr.slice(-2000)}`);
    browser.proc.kill("SIGKILL");
    process.exit(1);
  }, TIMEOUT_MS * pages.length);
  let failed = false;
  try {
    for (const spec of pages) {
      const eq = spec.indexOf("=");
      const [name, file] = [spec.slice(0, eq), spec.slice(eq + 1)];
      let problems = [];
      let shots = [];
      try {
        ({ problems, shots } = await shoot(browser, name, file, outDir));
      } catch (e) {
        problems = [`${e.message}`];
      }
      for (const p of problems) console.error(`error: ${file}: ${p}`);
      if (problems.length) failed = true;
      console.log(`${name}: ${shots.join(", ")}`);
    }
  } finally {
    clearTimeout(timer);
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`error: ${e.stack || e}`);
  process.exit(1);
});
