// Map: event places over country boundaries drawn from the vendored Natural Earth TopoJSON.
// No tile layer and no network: everything comes from /static.
(function () {
  "use strict";
  const d = JSON.parse(document.getElementById("data").textContent);
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 10 , attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth");
  map.setView([25, 20], 2);

  fetch("/static/vendor/world-atlas/countries-50m.json")
    .then((r) => r.json())
    .then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      land.features.forEach(unwrap);
      L.geoJSON(land, {
        style: { color: "#8a96a8", weight: .6, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false,
      }).addTo(map).bringToBack();
      document.getElementById("map").dataset.boundaries = String(land.features.length);
    });

  // Rings that cross the antimeridian (Russia's Chukotka, Fiji) would be drawn as bands
  // across the whole map: move their western-hemisphere points east of 180°.
  function unwrap(feature) {
    const g = feature.geometry;
    if (!g) return;
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    polygons.forEach((poly) => poly.forEach((ring) => {
      const east = ring.some((p) => p[0] > 170), west = ring.some((p) => p[0] < -170);
      if (east && west) ring.forEach((p) => { if (p[0] < 0) p[0] += 360; });
    }));
  }

  const layer = L.layerGroup().addTo(map);
  const types = new Set();
  d.points.forEach((p) => p.events.forEach((e) => types.add(e.type)));
  const select = document.getElementById("type-filter");
  Array.from(types).sort().forEach((t) => select.append(new Option(t, t)));

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  }

  function draw() {
    layer.clearLayers();
    const want = select.value;
    const bounds = [];
    let places = 0;
    d.points.forEach((p) => {
      const events = want ? p.events.filter((e) => e.type === want) : p.events;
      const count = want ? events.length : p.count;
      if (!count) return;
      places += 1;
      bounds.push([p.lat, p.lon]);
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: 5 + 3 * Math.sqrt(count), color: "#9b1c2c", weight: 1.5,
        fillColor: "#d1243a", fillOpacity: .55, className: "place-marker",
      });
      const items = events.map((e) =>
        `<li><a href="/articles/${esc(e.article)}?event=${encodeURIComponent(e.id)}#ev-${esc(e.id)}">` +
        `${esc(e.type)}</a> ${esc(e.date || "")} <small>${esc(e.status)}</small> “${esc(e.trigger)}”</li>`).join("");
      marker.bindPopup(`<b>${esc(p.place)}</b> ${esc(p.country || "")}<br>${count} event(s)` +
                       `<ul class="popup">${items}</ul>`);
      marker.bindTooltip(`${p.place}: ${count}`);
      marker.addTo(layer);
    });
    document.getElementById("n-places").textContent = places;
    if (bounds.length) map.fitBounds(bounds, { padding: [60, 60], maxZoom: 6 });
  }
  select.addEventListener("change", draw);
  draw();
})();
