// Drives the review page in real headless Chromium: load a report, check that article markup
// renders as text, use hover/focus, filters and rule actions, reject one edit, export the
// decisions, apply them with the CLI and compare the result with the expected text.
//
// Usage: node review.test.mjs UNSPIN_BINARY SCREENSHOT.png
import { chromium } from "playwright-core";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";

const [unspin, screenshot] = process.argv.slice(2).map((p) => resolve(p));
const work = mkdtempSync(join(tmpdir(), "unspin-review-"));
const articles = {
  "newsroom.txt":
    "Officers mentioned a minimum of 12 people were hurt in the assault on Friday, and the safety services " +
    "are investigating.\nA spokesman mentioned the group had been warned. <script>window.pwned = 1</script>\n" +
    "Readers who see <!-- a comment --> or </script> right here are reading plain textual content.\n",
  "paper.txt":
    "Deep learning is everywhere. We compare a profound learning model with an irregular woodland and a bolster " +
    "vector machine, after the component extraction step of our information mining pipeline.\n",
};
for (const [name, text] of Object.entries(articles)) writeFileSync(join(work, name), text);
const files = Object.keys(articles);
const run = (args) => spawnSync(unspin, args, { cwd: work, encoding: "utf8" });

const html = run(["check", "--format", "html", "--dict", "news,science", ...files]);
assert.equal(html.status, 2, `check --format html exits 2 when it finds edits: ${html.stderr}`);
writeFileSync(join(work, "report.html"), html.stdout);
const json = JSON.parse(run(["check", "--format", "json", "--dict", "news,science", ...files]).stdout);
const total = json.documents.reduce((n, d) => n + d.edits.length, 0);
assert.ok(total >= 6, `expected edits in both articles, got ${total}`);

const profile = mkdtempSync(join(tmpdir(), "unspin-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1360, height: 860 },
  deviceScaleFactor: 1,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = context.pages()[0] || (await context.newPage());
const problems = [];
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("blob:")) problems.push(`network: ${r.url()}`); });

try {
  await page.goto("file://" + join(work, "report.html"));
  await page.waitForSelector(".edit");

  // Article markup is text, never markup.
  assert.equal(await page.evaluate(() => window.pwned), undefined, "the article's script must not run");
  const docText = await page.locator("#doc-0 .text").innerText();
  assert.ok(docText.includes("<script>window.pwned = 1</script>"), "the script tag shows as text");
  assert.ok(docText.includes("<!-- a comment --> or </script>"), "comments and end tags show as text");
  assert.equal(await page.locator(".edit").count(), total, "every edit is highlighted");
  assert.equal(await page.locator("#doclist li").count(), files.length, "documents panel lists every document");
  assert.match(await page.locator("#doclist li").nth(1).innerText(), /\/1k/, "density shown for the paper");

  // Details on keyboard focus and on hover.
  const first = page.locator(".edit").first();
  await page.keyboard.press("Tab"); // into the page; keep tabbing to the first edit
  await first.focus();
  assert.ok(await first.locator(".tip").isVisible(), "focus shows the edit's details");
  const tipText = await first.locator(".tip").innerText();
  assert.match(tipText, /confidence \d\.\d\d/);
  assert.match(tipText, /spin/);
  await page.locator(".edit").nth(1).hover();
  assert.ok(await page.locator(".edit").nth(1).locator(".tip").isVisible(), "hover shows the edit's details");

  // Filters: by stage, by confidence.
  await page.locator('#stage-filter input[data-stage="spin"]').uncheck();
  const spinCount = json.documents.flatMap((d) => d.edits).filter((e) => e.stage === "spin").length;
  assert.equal(await page.locator(".edit.filtered").count(), spinCount);
  await page.locator('#stage-filter input[data-stage="spin"]').check();
  assert.equal(await page.locator(".edit.filtered").count(), 0);
  await page.evaluate(() => {
    const r = document.getElementById("min-conf");
    r.value = "0.85";
    r.dispatchEvent(new Event("input"));
  });
  const below = json.documents.flatMap((d) => d.edits).filter((e) => e.confidence < 0.85 - 1e-9).length;
  assert.equal(await page.locator(".edit.filtered").count(), below);
  await page.evaluate(() => {
    const r = document.getElementById("min-conf");
    r.value = "0";
    r.dispatchEvent(new Event("input"));
  });

  // Per-rule actions: reject every edit of the first rule, then reset it.
  const rule = page.locator("#rules li").first();
  await rule.getByRole("button", { name: "Reject all" }).click();
  const ruleName = await rule.getAttribute("data-rule");
  const ofRule = json.documents.flatMap((d) => d.edits).filter((e) => e.rule === ruleName).length;
  assert.equal(await page.locator(".edit.rejected").count(), ofRule);
  await rule.getByRole("button", { name: "Reset" }).click();
  assert.equal(await page.locator(".edit.rejected").count(), 0);

  // Reject one edit with the keyboard, accept another with its button.
  const target = page.locator("#doc-0 .edit").nth(1);
  const rejectedKey = await target.getAttribute("data-key");
  await target.focus();
  await page.keyboard.press("r");
  assert.ok(await target.evaluate((n) => n.classList.contains("rejected")));
  await page.locator("#doc-1 .edit").first().hover();
  await page.locator("#doc-1 .edit").first().getByRole("button", { name: "Accept (a)" }).click();
  assert.equal(await page.locator("#n-rejected").innerText(), "1");
  assert.equal(await page.locator("#n-accepted").innerText(), "1");

  // Screenshot for the docs: a tooltip open over the text.
  if (screenshot) {
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.locator("#doc-1 .edit").nth(1).hover();
    await page.screenshot({ path: screenshot });
  }

  // Export, apply, compare.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const decisionsPath = join(work, "decisions.json");
  await download.saveAs(decisionsPath);
  const decisions = JSON.parse(readFileSync(decisionsPath, "utf8"));
  assert.equal(decisions.format, "unspin-decisions");
  assert.equal(decisions.rejected.length, 1);
  const [docIndex, rejectedId] = rejectedKey.split("/");
  assert.deepEqual(decisions.rejected[0], { document: json.documents[Number(docIndex)].id, id: rejectedId });

  mkdirSync(join(work, "out"));
  const applied = run(["apply", "--decisions", decisionsPath, "--out-dir", "out"]);
  assert.equal(applied.status, 0, applied.stderr);
  for (const [d, doc] of json.documents.entries()) {
    // Expected: the input with every edit applied except the rejected one, by character offsets.
    const chars = Array.from(articles[doc.path]);
    let out = "", pos = 0;
    for (const e of doc.edits) {
      out += chars.slice(pos, e.char_start).join("") + (d === Number(docIndex) && e.id === rejectedId ? e.before : e.after);
      pos = e.char_end;
    }
    out += chars.slice(pos).join("");
    const got = readFileSync(join(work, "out", doc.path), "utf8");
    assert.equal(got, out, `${doc.path}: applied decisions`);
    if (d === Number(docIndex)) {
      const rejected = doc.edits.find((e) => e.id === rejectedId);
      assert.ok(got.includes(rejected.before), "the rejected edit's original text stays");
    }
  }
  assert.deepEqual(problems, []);
  console.log(`review page: ${total} edits in ${files.length} documents; reject one, export, apply: ok`);
} finally {
  await context.close();
}
