// Draws the dashboard's timeline (Chart.js) and map (d3-geo + TopoJSON: the world, and Europe at a
// larger scale so that small Member States can be read and selected) from the figures the server
// wrote into #dashboard-data, colours and legend included. Without JavaScript the same figures
// are in tables. Every link to the incident list keeps the period the dashboard shows.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var SHAPES = "/static/vendor/world-atlas/countries-110m.json";
  var NO_DATA = "#f2f2f2"; // as the legend's "none recorded" (map_scale.NO_INCIDENT)
  // Europe from the Azores' longitude to the Urals', Crete and Cyprus to the North Cape.
  var EUROPE = { type: "MultiPoint", coordinates: [[-11, 35], [34, 34.5], [-11, 66], [40, 66], [10, 71.5], [25, 71.5], [14, 34.5]] };
  var period = {};

  function readData() {
    var element = document.getElementById("dashboard-data");
    return element ? JSON.parse(element.textContent) : null;
  }

  function incidentsUrl(params) {
    var query = new URLSearchParams(Object.assign({}, period, params)).toString();
    return "/incidents" + (query ? "?" + query : "");
  }

  function drawTimeline(timeline) {
    var box = document.getElementById("timeline-chart");
    var canvas = document.getElementById("timeline-canvas");
    if (!box || !canvas || !window.Chart || !timeline.years.length) return;
    box.hidden = false;
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: timeline.years,
        datasets: timeline.series.map(function (series) {
          return {
            label: series.label,
            data: series.counts,
            backgroundColor: series.colour,
            borderColor: "#ffffff",
            borderWidth: 1,
            incidentType: series.type
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "nearest", intersect: true },
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: "Incidents" }
          }
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 14 } },
          tooltip: {
            callbacks: {
              footer: function () { return "Select to list these incidents"; }
            }
          }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var element = elements[0];
          var years = timeline.periods[element.index]; // the year, cut to the period
          var type = chart.data.datasets[element.datasetIndex].incidentType;
          window.location.href = incidentsUrl(Object.assign({ type: type }, years));
        }
      }
    });
  }

  function element(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }

  function drawCountries(svg, shapes, path, byNumeric, title) {
    svg.textContent = "";
    var heading = element("title");
    heading.textContent = title;
    svg.appendChild(heading);
    var layer = element("g", { "class": "map-countries" });
    shapes.forEach(function (feature) {
      var d = path(feature);
      if (!d) return; // outside the panel (the Europe panel clips the rest of the world)
      var country = byNumeric[feature.id];
      var shape = element("path", { d: d, fill: country ? country.colour : NO_DATA, "class": "map-country" });
      var name = country ? country.name : (feature.properties && feature.properties.name) || "";
      var label = country
        ? name + ": " + country.incidents + " incident" + (country.incidents === 1 ? "" : "s")
        : name + ": none recorded";
      var tip = element("title");
      tip.textContent = label;
      shape.appendChild(tip);
      if (country) {
        var link = element("a", { href: incidentsUrl({ victim_country: country.code }), "aria-label": label });
        link.appendChild(shape);
        layer.appendChild(link);
      } else {
        shape.setAttribute("aria-hidden", "true");
        layer.appendChild(shape);
      }
    });
    svg.appendChild(layer);
  }

  function drawMap(countries) {
    var figure = document.getElementById("victim-map");
    var svg = document.getElementById("victim-map-svg");
    var inset = document.getElementById("victim-map-europe");
    if (!figure || !svg || !inset || !window.d3 || !window.d3.geoPath || !window.topojson) return;
    var byNumeric = {};
    countries.forEach(function (country) {
      if (country.numeric) byNumeric[country.numeric] = country;
    });
    fetch(SHAPES)
      .then(function (response) {
        if (!response.ok) throw new Error("map shapes: HTTP " + response.status);
        return response.json();
      })
      .then(function (atlas) {
        var shapes = window.topojson.feature(atlas, atlas.objects.countries).features.filter(
          function (feature) { return feature.id !== "010"; } // Antarctica: no victims, much space
        );
        var world = { type: "FeatureCollection", features: shapes };
        var projection = window.d3.geoNaturalEarth1().fitWidth(952, world);
        var path = window.d3.geoPath(projection);
        // As tall as the shapes at this width: no empty band under the map.
        var bounds = path.bounds(world);
        projection.translate([projection.translate()[0] + 4, projection.translate()[1] - bounds[0][1] + 4]);
        svg.setAttribute("viewBox", "0 0 960 " + Math.ceil(bounds[1][1] - bounds[0][1] + 8));
        drawCountries(svg, shapes, path, byNumeric,
          "World map of victim countries: " + countries.length + " countries with incidents");
        // Europe, equal-area and centred on the Union, clipped to its panel.
        var europe = window.d3.geoAzimuthalEqualArea().rotate([-12, -52])
          .fitExtent([[6, 6], [474, 434]], EUROPE);
        europe.clipExtent([[0, 0], [480, 440]]);
        drawCountries(inset, shapes, window.d3.geoPath(europe), byNumeric,
          "Europe at a larger scale: victim countries");
        // Shapes at this scale leave out the smallest states (Malta, Singapore…): name them.
        var drawn = {};
        shapes.forEach(function (feature) { drawn[feature.id] = true; });
        var unshown = countries.filter(function (country) { return !country.numeric || !drawn[country.numeric]; });
        var note = document.getElementById("victim-map-unshown");
        if (note && unshown.length) {
          note.textContent = "Too small to draw at this scale: " + unshown.map(function (country) {
            return country.name + " (" + country.incidents + ")";
          }).join(", ") + "; see the table.";
          note.hidden = false;
        }
        figure.hidden = false;
      })
      .catch(function (error) {
        // The table below still holds every figure; say why the map is missing.
        figure.hidden = false;
        figure.textContent = "The map could not be drawn (" + error.message + "); see the table.";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = readData();
    if (!data) return;
    period = data.period || {};
    drawTimeline(data.timeline);
    drawMap(data.countries);
  });
})();
