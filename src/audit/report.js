// Sorting, filtering and paging of the member table. Without scripts the
// table is complete and the controls stay hidden.
(function () {
  "use strict";
  var table = document.getElementById("members");
  var controls = document.getElementById("member-controls");
  if (!table || !controls) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("member-filter");
  var pager = document.getElementById("member-pager");
  var pageSize = 100;
  var page = 0;
  var shown = rows;
  controls.hidden = false;

  function render() {
    var pages = Math.max(1, Math.ceil(shown.length / pageSize));
    if (page >= pages) { page = pages - 1; }
    var first = page * pageSize;
    rows.forEach(function (row) { row.classList.add("paged-out"); row.style.display = "none"; });
    shown.slice(first, first + pageSize).forEach(function (row) { row.classList.remove("paged-out"); row.style.display = ""; });
    pager.textContent = shown.length + " of " + rows.length + " members, page " + (page + 1) + " of " + pages;
  }

  filter.addEventListener("input", function () {
    var needle = filter.value.toLowerCase();
    shown = rows.filter(function (row) { return row.textContent.toLowerCase().indexOf(needle) !== -1; });
    page = 0;
    render();
  });
  document.getElementById("member-prev").addEventListener("click", function () { if (page > 0) { page -= 1; render(); } });
  document.getElementById("member-next").addEventListener("click", function () { page += 1; render(); });

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    th.setAttribute("data-sort", "");
    th.title = "Sort";
    th.addEventListener("click", function () {
      var descending = th.getAttribute("data-sort") === "asc";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.setAttribute("data-sort", ""); });
      th.setAttribute("data-sort", descending ? "desc" : "asc");
      var key = function (row) { return row.cells[column].textContent; };
      rows.sort(function (a, b) {
        var order = key(a).localeCompare(key(b), undefined, { numeric: true });
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      var kept = new Set(shown);
      shown = rows.filter(function (row) { return kept.has(row); });
      render();
    });
  });

  // Printing shows everything: every application and every member.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
    rows.forEach(function (row) { row.style.display = ""; });
  });
  window.addEventListener("afterprint", render);
  render();
}());
