#!/usr/bin/env bash
# Re-fetch the web UI's front-end libraries from the npm registry at the versions pinned in
# scripts/web-vendor/package-lock.json and copy the files the UI loads into
# newsledger/web/static/vendor/, each with its licence. Run at build time only: the UI never
# fetches anything from the internet when it runs (no CDN, no map tiles).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
tool="$here/web-vendor"
dest="$root/newsledger/web/static/vendor"

(cd "$tool" && npm ci --ignore-scripts --no-audit --no-fund)
mods="$tool/node_modules"

rm -rf "$dest"
mkdir -p "$dest/leaflet/images" "$dest/topojson-client" "$dest/world-atlas"

# Leaflet: the map widget (BSD-2-Clause).
cp "$mods/leaflet/dist/leaflet.js" "$mods/leaflet/dist/leaflet.css" "$dest/leaflet/"
cp "$mods/leaflet/dist/images/"*.png "$dest/leaflet/images/"
cp "$mods/leaflet/LICENSE" "$dest/leaflet/LICENSE"

# topojson-client: TopoJSON -> GeoJSON in the browser (ISC).
cp "$mods/topojson-client/dist/topojson-client.min.js" "$dest/topojson-client/"
cp "$mods/topojson-client/LICENSE" "$dest/topojson-client/LICENSE"

# world-atlas: Natural Earth 1:50m country boundaries as TopoJSON (ISC; data public domain).
cp "$mods/world-atlas/countries-50m.json" "$dest/world-atlas/"
cp "$mods/world-atlas/LICENSE" "$dest/world-atlas/LICENSE"

# Record what was vendored, for reviewers.
node -e '
const lock = require(process.argv[1]);
const out = Object.entries(lock.packages)
  .filter(([k]) => k.startsWith("node_modules/") && !k.slice(13).includes("node_modules"))
  .map(([k, v]) => `${k.slice(13)}@${v.version} ${v.license || ""} ${v.integrity}`);
console.log(out.join("\n"));
' "$tool/package-lock.json" > "$dest/VERSIONS.txt"
echo "vendored into $dest:"
cat "$dest/VERSIONS.txt"
