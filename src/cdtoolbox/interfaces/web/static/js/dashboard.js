// Draws the dashboard's timeline (Chart.js) and world map (d3-geo + TopoJSON) from the figures
// the server wrote into #dashboard-data. Without JavaScript the same figures are in tables.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var SHAPES = "/static/vendor/world-atlas/countries-110m.json";
  var BLUES = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var NO_DATA = "#e4e7eb";

  function readData() {
    var element = document.getElementById("dashboard-data");
    return element ? JSON.parse(element.textContent) : null;
  }

  function incidentsUrl(params) {
    var query = new URLSearchParams(params).toString();
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
          var year = String(timeline.years[element.index]);
          var type = chart.data.datasets[element.datasetIndex].incidentType;
          window.location.href = incidentsUrl({ type: type, since: year, until: year });
        }
      }
    });
  }

  function shadeFor(count, most) {
    if (!count) return NO_DATA;
    if (most <= 1) return BLUES[BLUES.length - 1];
    var step = Math.log(count) / Math.log(most);
    return BLUES[Math.min(BLUES.length - 1, Math.floor(step * BLUES.length))];
  }

  function element(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }

  function drawLegend(legend, most) {
    legend.textContent = "";
    var label = document.createElement("span");
    label.textContent = "Incidents: ";
    legend.appendChild(label);
    var swatches = most <= 1 ? [BLUES[BLUES.length - 1]] : BLUES;
    swatches.forEach(function (colour, index) {
      var low = most <= 1 ? 1 : Math.max(1, Math.ceil(Math.pow(most, index / BLUES.length)));
      var high = most <= 1 ? 1 : Math.max(low, Math.ceil(Math.pow(most, (index + 1) / BLUES.length)) - 1);
      if (index === swatches.length - 1) high = most;
      if (low > high) return;
      var item = document.createElement("span");
      item.className = "map-legend__item";
      var swatch = document.createElement("span");
      swatch.className = "map-legend__swatch";
      swatch.style.background = colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(low === high ? String(low) : low + "–" + high));
      legend.appendChild(item);
    });
    var none = document.createElement("span");
    none.className = "map-legend__item";
    var swatch = document.createElement("span");
    swatch.className = "map-legend__swatch";
    swatch.style.background = NO_DATA;
    none.appendChild(swatch);
    none.appendChild(document.createTextNode("none recorded"));
    legend.appendChild(none);
  }

  function drawMap(countries) {
    var figure = document.getElementById("victim-map");
    var svg = document.getElementById("victim-map-svg");
    if (!figure || !svg || !window.d3 || !window.d3.geoPath || !window.topojson) return;
    var byNumeric = {};
    var most = 0;
    countries.forEach(function (country) {
      if (country.numeric) byNumeric[country.numeric] = country;
      most = Math.max(most, country.incidents);
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
        svg.textContent = "";
        var title = element("title");
        title.textContent = "World map of victim countries: " + countries.length + " countries with incidents";
        svg.appendChild(title);
        var layer = element("g", { "class": "map-countries" });
        shapes.forEach(function (feature) {
          var country = byNumeric[feature.id];
          var shape = element("path", {
            d: path(feature) || "",
            fill: shadeFor(country ? country.incidents : 0, most),
            "class": "map-country"
          });
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
        drawLegend(document.getElementById("victim-map-legend"), most);
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
    drawTimeline(data.timeline);
    drawMap(data.countries);
  });
})();
