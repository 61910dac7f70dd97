// Copies the browser files the pages use from node_modules into the Python package, with
// each package's licence, and writes vendor/README.md naming package, version and licence.
// Run after `npm ci` here: `npm run vendor`. The copies are committed, so installing
// cdtoolbox never needs npm or the network.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "src", "cdtoolbox", "interfaces", "web", "static", "vendor");
// The country shapes are drawn by the PDF reports too, so they live in the report package
// and the application serves them at /static/vendor/world-atlas/ from there.
const HOMES = { "world-atlas": join(here, "..", "src", "cdtoolbox", "report", "data", "world-atlas") };

// package → [files to copy, what the pages use it for, packages bundled inside those files]
const ASSETS = {
  "chart.js": [["dist/chart.umd.min.js"], "the dashboard's timeline chart", ["@kurkle/color"]],
  "d3-array": [["dist/d3-array.min.js"], "required by d3-geo", ["internmap"]],
  "d3-geo": [["dist/d3-geo.min.js"], "the map projection (Natural Earth) and SVG paths"],
  "topojson-client": [["dist/topojson-client.min.js"], "decoding the country shapes"],
  "world-atlas": [["countries-110m.json"], "country shapes (Natural Earth 1:110m), keyed by ISO 3166 numeric code; kept in `src/cdtoolbox/report/data/world-atlas/` (the reports' maps draw them too) and served at this path"],
};
const LICENCE_FILES = ["LICENSE", "LICENSE.md", "LICENCE", "license"];

rmSync(target, { recursive: true, force: true });
const rows = [];
function licenceOf(source, name) {
  const file = LICENCE_FILES.find((candidate) => {
    try { readFileSync(join(source, candidate)); return true; } catch { return false; }
  });
  if (!file) throw new Error(`${name}: no licence file found`);
  return join(source, file);
}

for (const [name, [files, purpose, bundled = []]] of Object.entries(ASSETS)) {
  const source = join(here, "node_modules", name);
  const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
  const folder = HOMES[name] ?? join(target, name);
  mkdirSync(folder, { recursive: true });
  for (const file of files) {
    copyFileSync(join(source, file), join(folder, file.split("/").pop()));
  }
  copyFileSync(licenceOf(source, name), join(folder, "LICENSE"));
  const inside = bundled.map((inner) => {
    const innerSource = join(here, "node_modules", inner);
    const innerManifest = JSON.parse(readFileSync(join(innerSource, "package.json"), "utf8"));
    copyFileSync(licenceOf(innerSource, inner), join(folder, `LICENSE-${inner.replace("/", "-")}`));
    return `; bundles ${inner} ${innerManifest.version} (${innerManifest.license})`;
  });
  const copied = files.map((file) => file.split("/").pop()).join(", ");
  rows.push(`| ${name} | ${manifest.version} | ${manifest.license} | ${copied} | ${purpose}${inside.join("")} |`);
}
writeFileSync(
  join(target, "README.md"),
  [
    "# Vendored browser assets",
    "",
    "Copied from the npm registry packages below by `web-assets/copy-vendor.mjs` (do not edit",
    "by hand: change `web-assets/package.json`, run `npm ci && npm run vendor` there). Each",
    "folder holds the package's licence as `LICENSE` (and `LICENSE-<name>` for packages bundled",
    "into its file). Served by the application itself, so",
    "the pages work without network access.",
    "",
    "| package | version | licence | files | used for |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n"),
);
console.log(`vendored ${rows.length} packages into ${target}`);
