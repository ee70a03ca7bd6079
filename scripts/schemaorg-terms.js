// scripts/schemaorg-terms.js: writes annotations/formats/factcheck/testdata/schemaorg-terms.txt,
// the schema.org property names the ClaimReview test checks against.
// Lists, for each schema.org type asked, every property it has (its own
// and inherited), from schema-dts's schema.d.ts.
const fs = require('fs');
const src = fs.readFileSync(require.resolve('schema-dts/dist/schema.d.ts'), 'utf8');
const ifaces = {};
const re = /interface (\w+)Base(?: extends ([\w, <>]+))? \{([\s\S]*?)\n\}/g;
let m;
while ((m = re.exec(src))) {
  const props = [...m[3].matchAll(/^\s+"([A-Za-z]\w*)"\?:/gm)].map(x => x[1]);
  const parents = (m[2] || '').split(',').map(s => s.trim().replace(/Base$/, '')).filter(s => !s.includes('<')).filter(Boolean);
  ifaces[m[1]] = { props, parents };
}
function all(t, seen = new Set()) {
  if (seen.has(t) || !ifaces[t]) return [];
  seen.add(t);
  let out = [...ifaces[t].props];
  for (const p of ifaces[t].parents) out = out.concat(all(p, seen));
  return out;
}
const ver = require('schema-dts/package.json').version;
console.log('# schema.org properties by type, with inherited ones: from schema-dts ' + ver + ' (Google\'s typings of schema.org), dist/schema.d.ts');
console.log('# regenerate: npm install schema-dts@' + ver + ' && node scripts/schemaorg-terms.js ClaimReview Claim Rating CreativeWork Person Organization');
for (const t of process.argv.slice(2)) {
  if (!ifaces[t]) { console.error('no type ' + t); process.exit(1); }
  console.log(t + ': ' + [...new Set(all(t))].sort().join(' '));
}
