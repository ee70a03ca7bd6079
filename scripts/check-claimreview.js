// scripts/check-claimreview.js FILE: expands a ClaimReview export with
// jsonld.js in safe mode (any term that does not expand, any dropped value,
// is an error), against a schema.org context built from
// annotations/formats/factcheck/testdata/schemaorg-terms.txt, so nothing is
// fetched. Prints the number of reviews and of expanded triples-ish nodes.
const fs = require('fs');
const path = require('path');
const jsonld = require('jsonld');
const terms = fs.readFileSync(path.join(__dirname, '../annotations/formats/factcheck/testdata/schemaorg-terms.txt'), 'utf8');
const ctx = {};
for (const line of terms.split('\n')) {
  if (line.startsWith('#') || !line.includes(': ')) continue;
  const [type, props] = line.split(': ');
  ctx[type] = 'http://schema.org/' + type;
  for (const p of props.split(' ')) ctx[p] = 'http://schema.org/' + p;
}
ctx.url = { '@id': 'http://schema.org/url', '@type': '@id' };
ctx.sameAs = { '@id': 'http://schema.org/sameAs', '@type': '@id' };
const loader = async (url) => {
  if (url === 'https://schema.org' || url === 'https://schema.org/' || url === 'http://schema.org/') {
    return { contextUrl: null, documentUrl: url, document: { '@context': ctx } };
  }
  throw new Error('refusing to fetch ' + url);
};
(async () => {
  const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const expanded = await jsonld.expand(doc, { documentLoader: loader, safe: true });
  let n = 0;
  JSON.stringify(expanded, (k, v) => { if (k.startsWith('http://schema.org/')) n++; return v; });
  const reviews = expanded.filter(x => (x['@type'] || []).includes('http://schema.org/ClaimReview')).length;
  if (reviews !== doc.length) throw new Error(`expanded ${reviews} ClaimReviews of ${doc.length}`);
  console.log(`ok: ${reviews} ClaimReview objects expand in safe mode, ${n} schema.org properties, no unknown term`);
})().catch(e => { console.error('check-claimreview: ' + (e.details ? JSON.stringify(e.details) + ' ' : '') + e.message); process.exit(1); });
