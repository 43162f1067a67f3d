#include "traces/render_html_assets.h"

namespace catsim {

namespace {

constexpr std::string_view kStyle = R"(
:root { --name: 150px; --w: 64px; --cut: 8px; }
* { box-sizing: border-box; }
body { font: 14px/1.35 system-ui, sans-serif; margin: 0; color: #1d232a; background: #fff; }
header.top { padding: 10px 16px 8px; }
h1 { font-size: 18px; margin: 0; }
h1 .meta { color: #5a6570; font-weight: normal; font-size: 13px; margin-left: .5em; }
h2 { font-size: 15px; margin: 0 0 4px; }
.violation { border-left: 5px solid #c62828; background: #fdeeee; padding: 6px 12px; margin-top: 8px; }
.violation h2 { color: #a01818; }
.violation h2 .summary { color: #1d232a; font-weight: 600; }
.violation ul { margin: 2px 0; padding-left: 18px; font: 12px/1.45 ui-monospace, monospace; }
.clean { border-left: 5px solid #2e7d32; background: #edf7ee; padding: 6px 12px; margin-top: 8px; }
.clean p { margin: 0; }
.related { margin: 4px 0 0; font-size: 13px; }
button { font: inherit; cursor: pointer; }
button.goto { font-size: 12px; border: 1px solid #e0a060; background: #fff6ea; border-radius: 10px;
  padding: 1px 8px; margin: 2px 2px 2px 4px; }
button.goto[data-violation=true] { border-color: #c62828; background: #fde2e2; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 6px 18px; padding: 6px 16px; border-top: 1px solid #dde2e6; border-bottom: 1px solid #dde2e6;
  font-size: 12px; background: #fbfcfd; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; }
.legend .item { display: inline-flex; align-items: center; gap: 5px; }
.controls { display: flex; gap: 4px; align-items: center; }
.controls button { border: 1px solid #b8c1c9; background: #fff; border-radius: 4px; min-width: 28px;
  padding: 1px 8px; }
.hint { color: #5a6570; margin-left: 8px; }
.timeline { overflow-x: auto; overflow-y: hidden; outline: none; border-bottom: 1px solid #dde2e6; }
.sheet { position: relative; width: calc(var(--name) + var(--steps) * var(--w)); }
.row { display: flex; }
.row .name { position: sticky; left: 0; z-index: 3; flex: 0 0 var(--name); padding: 0 10px;
  background: #f1f4f7; border-right: 1px solid #d5dbe0; border-top: 1px solid #e3e7eb;
  display: flex; align-items: center; font-size: 12px; font-weight: 600; white-space: nowrap;
  overflow: hidden; }
.row .cells { position: relative; flex: 0 0 auto; width: calc(var(--steps) * var(--w));
  border-top: 1px solid #e3e7eb; }
.axis .cells { height: 34px; }
.axis .name { color: #5a6570; font-weight: normal; }
.tick { position: absolute; left: calc(var(--i) * var(--w)); width: var(--w); bottom: 3px;
  text-align: center; font: 11px ui-monospace, monospace; color: #6b7680; }
.narrow .tick:not(.t5):not(.t10), .tiny .tick:not(.t10) { visibility: hidden; }
.lane .cells { height: 50px; }
.lane:nth-child(odd) .cells { background: #f7f9fb; }
.step { position: absolute; left: calc(var(--i) * var(--w) + 2px); width: calc(var(--w) - 4px);
  top: 7px; height: 36px; display: flex; flex-direction: column; align-items: center;
  justify-content: center; cursor: pointer; font: 700 12px/1.1 ui-monospace, monospace;
  overflow: hidden; z-index: 1; }
.step .store { font: 600 9px/1.1 system-ui, sans-serif; opacity: .8; }
.step .op { white-space: nowrap; overflow: hidden; max-width: 100%; }
.step[data-noted=true] .op::after { content: "*"; }
.step.selected { box-shadow: 0 0 0 3px #1e63c6; }
.narrow { --cut: 5px; }
.narrow .lane .cells { height: 86px; }
.narrow .step { top: 5px; height: 76px; justify-content: flex-start; padding-top: 3px;
  font-size: 11px; }
.narrow .step .store { font-size: 0; }
.narrow .step .store::before { content: attr(data-letter); font-size: 9px; }
.narrow .step .op { writing-mode: vertical-rl; transform: rotate(180deg); max-width: none;
  max-height: 62px; }
.tiny .step { left: calc(var(--i) * var(--w)); width: max(1px, var(--w)); }
.tiny .step .op, .tiny .step .store { display: none; }
.step[data-result=ok] { background: #fff; border: 2px solid #3a9a5b; color: #1f5f36; border-radius: 6px; }
.step[data-result=took-effect] { background: #2e8b57; color: #fff; border-radius: 6px; }
.step[data-result=failed] { background: #ffe0b8; border: 2px dashed #c25e00; color: #7a3a00; }
.step[data-result=fenced] { background: #7b3fa0; color: #fff; clip-path: polygon(var(--cut) 0,
  calc(100% - var(--cut)) 0, 100% var(--cut), 100% calc(100% - var(--cut)),
  calc(100% - var(--cut)) 100%, var(--cut) 100%, 0 calc(100% - var(--cut)), 0 var(--cut)); }
.step[data-result=indeterminate] { background: #f2c200; color: #3d3000; clip-path: polygon(
  var(--cut) 0, calc(100% - var(--cut)) 0, 100% 50%, calc(100% - var(--cut)) 100%,
  var(--cut) 100%, 0 50%); }
.step[data-result=crash] { background: #d32f2f; color: #fff;
  clip-path: polygon(0 0, 100% 0, 100% 70%, 50% 100%, 0 70%); }
.step[data-result=restart] { background: #1e63c6; color: #fff; border-radius: 999px; }
.step.sample { position: relative; left: auto; top: auto; width: 56px; height: 22px; z-index: 0;
  font-size: 11px; }
.track .cells { height: 26px; }
.segment { position: absolute; left: calc(var(--i) * var(--w)); width: calc(var(--n) * var(--w));
  top: 3px; bottom: 3px; padding: 0 5px; border-left: 2px solid #fff; background: #e4e8ef;
  font: 11px/18px ui-monospace, monospace; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.segment[data-parity=odd] { background: #d3d9e3; }
.track[data-track="source of truth"] .segment[data-value=stash] { background: #cfe0f7; }
.track[data-track="source of truth"] .segment[data-value=persist] { background: #f7dcc0; }
.track[data-track="source of truth"] .segment[data-value=NONE] { background: #f4a9a9; }
.bands { position: absolute; top: 0; bottom: 0; left: var(--name);
  width: calc(var(--steps) * var(--w)); pointer-events: none; z-index: 2; }
.band { position: absolute; top: 0; bottom: 0; left: calc(var(--i) * var(--w)); width: var(--w); }
.band::before { content: attr(data-label); position: absolute; top: 2px; left: 0; right: 0;
  text-align: center; font: 700 11px system-ui, sans-serif; }
.violation-band { background: rgba(211, 47, 47, .14); border: 2px solid #c62828; }
.violation-band::before { color: #c62828; }
.related-band { background: rgba(230, 140, 30, .12); border: 2px dashed #e08a1e; }
.related-band::before { color: #b4620a; }
.band.cursor { display: none; border: 2px solid #1e63c6; background: rgba(30, 99, 198, .06); }
.band.cursor.shown { display: block; }
.band-sample { display: inline-block; width: 18px; height: 18px; }
.details { padding: 10px 16px; }
#details-body { display: grid; grid-template-columns: minmax(320px, 1.1fr) minmax(360px, 1fr);
  gap: 10px 24px; align-items: start; }
#details-body pre { margin: 0; font: 12px/1.45 ui-monospace, monospace; white-space: pre-wrap;
  background: #f6f8fa; padding: 6px 8px; border-radius: 4px; }
#details-body h3 { font-size: 13px; margin: 8px 0 3px; }
#details-body .why { color: #a01818; font-weight: 600; margin: 4px 0; }
table.stores { border-collapse: collapse; font-size: 13px; width: 100%; }
table.stores th, table.stores td { border: 1px solid #dde2e6; padding: 3px 8px; text-align: left; }
table.stores th { background: #f1f4f7; font-weight: 600; }
table.stores td.changed { background: #fff1a8; font-weight: 700; }
table.stores td.truth { box-shadow: inset 3px 0 0 #2e8b57; }
table.stores .was { color: #7a6a00; font-weight: normal; font-size: 11px; margin-left: 6px; }
ul.acks { margin: 0; padding-left: 18px; font: 12px/1.45 ui-monospace, monospace; }
.note { color: #5a6570; font-size: 12px; margin: 10px 0 0; max-width: 110ch; }
.tip { position: fixed; z-index: 10; max-width: 560px; background: #1d232a; color: #f4f6f8;
  font: 12px/1.45 ui-monospace, monospace; padding: 6px 9px; border-radius: 4px;
  white-space: pre-wrap; pointer-events: none; box-shadow: 0 2px 8px rgba(0, 0, 0, .3); }
)";

constexpr std::string_view kScript = R"(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var steps = data.steps;
  var timeline = document.getElementById('timeline');
  var cursor = document.getElementById('cursor');
  var tip = document.getElementById('tip');
  var title = document.getElementById('details-title');
  var body = document.getElementById('details-body');
  var marks = {};
  document.querySelectorAll('.lane .step').forEach(function (mark) {
    marks[mark.getAttribute('data-index')] = mark;
  });
  var reasons = {};
  data.related.forEach(function (r) { reasons[r.index] = r.reason; });
  var violationIndex = -1;
  steps.forEach(function (s) {
    if (data.violation && s.step === data.violation.step) violationIndex = s.index;
  });

  var NAME = 150, READABLE = 22, WIDE = 64, TINY = 14;
  var width = null;  // the step width in pixels; null: fit the window
  function fitWidth() {
    return (timeline.clientWidth - NAME) / Math.max(1, steps.length);
  }
  function layout() {
    var w = width === null ? Math.max(fitWidth(), READABLE) : width;
    timeline.style.setProperty('--w', w + 'px');
    timeline.classList.toggle('narrow', w < WIDE && w >= TINY);
    timeline.classList.toggle('tiny', w < TINY);
    measure();
  }
  function zoom(factor) {
    var now = width === null ? Math.max(fitWidth(), READABLE) : width;
    width = Math.min(240, Math.max(1, now * factor));
    layout();
  }
  function measure() {
    var sheet = timeline.querySelector('.sheet');
    var shown = Math.min(sheet.getBoundingClientRect().width, timeline.clientWidth);
    var labelled = 0;
    Object.keys(marks).forEach(function (k) {
      var op = marks[k].querySelector('.op');
      var box = op.getBoundingClientRect();
      var cut = op.scrollWidth > op.clientWidth + 1 || op.scrollHeight > op.clientHeight + 1;
      if (op.textContent && box.width > 0 && box.height > 0 && !cut) labelled++;
    });
    document.body.setAttribute('data-viewport-width', String(window.innerWidth));
    document.body.setAttribute('data-timeline-width', String(Math.round(shown)));
    document.body.setAttribute('data-labelled-marks', String(labelled));
    document.body.setAttribute('data-marks', String(Object.keys(marks).length));
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function contents(c) {
    if (!c) return 'not recorded';
    if (!c.init) return 'empty (no catalog)';
    return c.objects + ' user object' + (c.objects === 1 ? '' : 's');
  }
  function tomb(t) { return t === null ? 'None' : t === 1 ? 'true' : t === 0 ? 'false' : String(t); }
  function reference(s) {
    if (violationIndex >= 0 && s.index >= violationIndex) return 'not recorded: see the violation';
    if (!s.after.truth) return 'no source of truth';
    return contents(s.after[s.after.truth].contents) + ' (= ' + s.after.truth + ')';
  }
  function rows(s) {
    var a = s.after;
    return [
      ['epoch', 'e' + a.stash.epoch, 'e' + a.persist.epoch, ''],
      ['tombstone', tomb(a.stash.tombstone), tomb(a.persist.tombstone), ''],
      ['catalog', contents(a.stash.contents), contents(a.persist.contents), reference(s)],
      ['source of truth', a.truth === 'stash' ? 'yes' : 'no', a.truth === 'persist' ? 'yes' : 'no',
       '']
    ];
  }
  function storesTable(s) {
    var table = el('table', null, 'stores');
    var head = el('tr');
    ['after step ' + s.step, 'stash', 'persist', 'reference catalog'].forEach(function (h) {
      head.appendChild(el('th', h));
    });
    table.appendChild(head);
    var now = rows(s), before = s.index > 0 ? rows(steps[s.index - 1]) : null;
    now.forEach(function (row, r) {
      var tr = el('tr');
      tr.appendChild(el('th', row[0]));
      for (var c = 1; c < 4; c++) {
        var td = el('td', row[c]);
        if (before && before[r][c] !== row[c]) {
          td.className = 'changed';
          td.appendChild(el('span', 'was ' + before[r][c], 'was'));
        }
        if ((c === 1 && s.after.truth === 'stash') || (c === 2 && s.after.truth === 'persist')) {
          td.className += ' truth';
        }
        tr.appendChild(td);
      }
      table.appendChild(tr);
    });
    return table;
  }
  function acknowledged(upTo) {
    var list = el('ul', null, 'acks');
    for (var i = 0; i <= upTo; i++) {
      steps[i].notes.forEach(function (n) {
        if (/^(create|alter|drop) \S+ -> ok$/.test(n)) {
          list.appendChild(el('li', 'step ' + steps[i].step + ' ' + steps[i].process + ': ' + n));
        }
      });
    }
    if (!list.firstChild) list.appendChild(el('li', 'none yet'));
    return list;
  }

  // Scrolls the timeline (only it) so that step index is in view.
  function reveal(index) {
    var w = parseFloat(timeline.style.getPropertyValue('--w'));
    var left = index * w, view = timeline.clientWidth - NAME;
    if (left < timeline.scrollLeft) timeline.scrollLeft = Math.max(0, left - w);
    if (left + w > timeline.scrollLeft + view) timeline.scrollLeft = left + 2 * w - view;
  }

  var selected = -1;
  function select(index) {
    if (index < 0 || index >= steps.length) return;
    if (selected >= 0 && marks[selected]) marks[selected].classList.remove('selected');
    selected = index;
    var s = steps[index], mark = marks[index];
    if (mark) mark.classList.add('selected');
    reveal(index);
    cursor.style.setProperty('--i', String(index));
    cursor.classList.add('shown');
    title.textContent = 'Step ' + s.step + ' (' + (index + 1) + ' of ' + steps.length + '): ' +
        s.process + ' #' + s.incarnation + ', ' + s.summary;
    body.textContent = '';
    var left = el('div'), right = el('div');
    if (reasons[index] !== undefined) left.appendChild(el('p', reasons[index], 'why'));
    left.appendChild(el('pre', s.description));
    right.appendChild(storesTable(s));
    right.appendChild(el('h3', 'Acknowledged to clients up to here'));
    right.appendChild(acknowledged(index));
    body.appendChild(left);
    body.appendChild(right);
  }

  function showTip(event, text) {
    tip.textContent = text;
    tip.hidden = false;
    var x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = event.clientY + 16;
    if (y + tip.offsetHeight > window.innerHeight - 8) y = event.clientY - tip.offsetHeight - 12;
    tip.style.left = Math.max(4, x) + 'px';
    tip.style.top = Math.max(4, y) + 'px';
  }
  timeline.addEventListener('mousemove', function (event) {
    var mark = event.target.closest('.step'), seg = event.target.closest('.segment');
    if (mark) {
      var s = steps[Number(mark.getAttribute('data-index'))];
      var why = reasons[s.index] !== undefined ? '\n>> ' + reasons[s.index] : '';
      showTip(event, s.description + '\nresult: ' + s.result + why);
    } else if (seg) {
      var track = seg.closest('.track').getAttribute('data-track');
      showTip(event, track + ': ' + seg.textContent + ' (steps ' + seg.getAttribute('data-first') +
          ' to ' + seg.getAttribute('data-last') + ')');
    } else {
      tip.hidden = true;
    }
  });
  timeline.addEventListener('mouseleave', function () { tip.hidden = true; });
  timeline.addEventListener('click', function (event) {
    var mark = event.target.closest('.step');
    if (mark) select(Number(mark.getAttribute('data-index')));
  });
  document.querySelectorAll('button.goto').forEach(function (b) {
    b.addEventListener('click', function () { select(Number(b.getAttribute('data-index'))); });
  });
  document.getElementById('zoom-in').addEventListener('click', function () { zoom(1.5); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(1 / 1.5); });
  document.getElementById('zoom-fit').addEventListener('click', function () {
    width = fitWidth();
    layout();
  });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var keys = {
      ArrowRight: function () { select(Math.min(selected + 1, steps.length - 1)); },
      ArrowLeft: function () { select(Math.max(selected - 1, 0)); },
      Home: function () { select(0); },
      End: function () { select(steps.length - 1); },
      '+': function () { zoom(1.5); },
      '=': function () { zoom(1.5); },
      '-': function () { zoom(1 / 1.5); },
      '0': function () { width = fitWidth(); layout(); }
    };
    if (keys[event.key]) {
      keys[event.key]();
      event.preventDefault();
    }
  });
  window.addEventListener('resize', layout);
  layout();
  select(violationIndex >= 0 ? violationIndex : 0);
})();
)";

}  // namespace

std::string_view trace_page_style() {
  return kStyle;
}

std::string_view trace_page_script() {
  return kScript;
}

}  // namespace catsim
