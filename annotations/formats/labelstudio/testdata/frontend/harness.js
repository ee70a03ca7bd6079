// Hamesh's driver for the Label Studio frontend (the @heartexlabs/label-studio
// npm build, loaded beside this file as main.js and main.css), run in
// headless Chromium by TestFrontend (frontend_test.go). It loads one task
// with the labeling config, makes the regions opts.regions asks for as a
// user does (picks the label, selects the text, releases the mouse), selects
// each region in turn to see which controls are shown, measures where each
// line of the text sits, and writes all of it, with the annotation as the
// frontend serialises it, base64-encoded into <pre id="hamesh-out">. It
// needs lines.js.
window.hameshRun = function (opts) {
  var out = {errors: []};
  function done() {
    var pre = document.createElement('pre');
    pre.id = 'hamesh-out';
    pre.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(out))));
    document.body.appendChild(pre);
  }
  window.onerror = function (m) { out.errors.push(String(m)); };
  try {
    new LabelStudio('label-studio', {
      config: opts.config,
      interfaces: ['panel', 'update', 'submit', 'controls', 'side-column', 'annotations:menu', 'annotations:current'],
      user: {pk: 1, firstName: 'A', lastName: 'B'},
      task: opts.task,
      onLabelStudioLoad: function (LS) { setTimeout(function () { step(LS); }, 500); },
    });
  } catch (e) { out.errors.push('init: ' + e); done(); }

  function textNodes(root) {
    var w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), n, list = [];
    while ((n = w.nextNode())) list.push(n);
    return list;
  }
  function visible(el) { return el.getClientRects().length > 0; }

  function step(LS) {
    try {
      var ann = LS.annotationStore.selected;
      if (!ann) {
        ann = LS.annotationStore.addAnnotation({userGenerate: true});
        LS.annotationStore.selectAnnotation(ann.id);
      }
      var container = document.querySelector('.lsf-richtext__container');
      out.containerClass = container.className;
      out.lines = hameshLines(container);
      var labels = ann.names.get('label');
      out.hotkeys = labels.children.map(function (l) { return [l.value, l.hotkey]; });
      out.loaded = ann.regionStore.regions.map(function (r) {
        return {id: r.id, start: r.startOffset, end: r.endOffset, text: r.text, labels: r.labels};
      });
      // Make each region asked for: the label, a DOM selection over
      // [start, end) of data.text (the DOM holds the text without its line
      // breaks, which are <br>), and a mouseup, as a user's drag ends.
      var text = opts.task.data.text;
      (opts.regions || []).forEach(function (want) {
        var label = labels.children.find(function (l) { return l.value === want.label; });
        label.toggleSelected();
        var nodes = textNodes(container), pos = 0, range = document.createRange(), started = false;
        for (var i = 0; i < nodes.length; i++) {
          var t = nodes[i].nodeValue, at = text.indexOf(t, pos);
          if (!started && want.start < at + t.length) { range.setStart(nodes[i], Math.max(0, want.start - at)); started = true; }
          if (started && want.end <= at + t.length) { range.setEnd(nodes[i], want.end - at); break; }
          pos = at + t.length;
        }
        var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        container.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        if (label.selected) label.toggleSelected();
      });
      setTimeout(function () {
        try {
          // The headers shown with each region selected.
          out.shown = ann.regionStore.regions.map(function (r) {
            ann.selectArea(r);
            var shown = Array.prototype.filter.call(document.querySelectorAll('h1, h2, h3, h4, h5'), visible)
              .map(function (h) { return h.textContent; });
            ann.unselectAll();
            return {labels: r.labels, text: r.text, headers: shown};
          });
          out.result = ann.serializeAnnotation();
        } catch (e) { out.errors.push('serialize: ' + e + ' ' + e.stack); }
        done();
      }, 500);
    } catch (e) { out.errors.push('step: ' + e + ' ' + e.stack); done(); }
  }
};
