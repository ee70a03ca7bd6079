// hameshLines measures each line of a Label Studio Text tag's container:
// the text between two <br>s (in a line span or not, cut into several text
// nodes by the regions' highlights), and where its first character sits
// from the container's left and right edges. A right-to-left line,
// right-aligned, starts at the right edge; a left-to-right one at the left.
window.hameshLines = function (container) {
  var cr = container.getBoundingClientRect();
  var w = document.createTreeWalker(container, NodeFilter.SHOW_TEXT), n, lines = [[]];
  while ((n = w.nextNode())) {
    var prev = lines[lines.length - 1];
    if (prev.length) {
      // a <br> between this text node and the one before ends a line
      var between = document.createRange();
      between.setStartAfter(prev[prev.length - 1]); between.setEndBefore(n);
      if (between.cloneContents().querySelector('br')) lines.push([]);
    }
    lines[lines.length - 1].push(n);
  }
  return lines.map(function (nodes) {
    var text = nodes.map(function (n) { return n.nodeValue; }).join('');
    var first = nodes.find(function (n) { return n.nodeValue.length > 0; });
    if (!first || text.trim() === '') return null;
    var r = document.createRange();
    r.setStart(first, 0);
    r.setEnd(first, first.nodeValue.codePointAt(0) > 0xffff ? 2 : 1);
    var b = r.getBoundingClientRect();
    return {text: text, left: Math.round(b.left - cr.left), right: Math.round(cr.right - b.right)};
  }).filter(function (l) { return l; });
};
