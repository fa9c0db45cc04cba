// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A filter box above long tables: hides rows that do not contain the typed text.
  document.querySelectorAll("table.filterable").forEach(function (table) {
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows…";
    input.className = "table-filter";
    input.setAttribute("aria-label", "Filter the rows of this table");
    table.parentNode.insertBefore(input, table);
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
  });
  // Expand or collapse a whole framework tree.
  var tools = document.querySelector(".tree-tools");
  if (tools) {
    [["Expand all", true], ["Collapse all", false]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      button.addEventListener("click", function () {
        document.querySelectorAll("ul.tree details").forEach(function (d) { d.open = spec[1]; });
      });
      tools.appendChild(button);
      tools.appendChild(document.createTextNode(" "));
    });
  }
})();
