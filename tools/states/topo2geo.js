// Convert world-atlas TopoJSON (Natural Earth) to GeoJSON with topojson-client.
// Usage: node topo2geo.js <scale: 50m|110m|10m> <out.geojson>
const fs = require("fs");
const path = require("path");
const topojson = require("topojson-client");
const scale = process.argv[2] || "50m";
const out = process.argv[3] || `countries-${scale}.geojson`;
const src = require.resolve(`world-atlas/countries-${scale}.json`);
const topo = JSON.parse(fs.readFileSync(src, "utf8"));
const fc = topojson.feature(topo, topo.objects.countries);
const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(src), "package.json"), "utf8"));
fc.metadata = { source: `world-atlas@${pkg.version}/countries-${scale}.json`, natural_earth: "4.1.0" };
fs.writeFileSync(out, JSON.stringify(fc));
console.error(`wrote ${out}: ${fc.features.length} features from ${fc.metadata.source}`);
