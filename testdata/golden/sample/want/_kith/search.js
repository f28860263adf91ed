// search.js: kith's search in the browser: the box in every page's header
// and the /search/ page. No build step, no library.
//
// The index is written by the Go package kith/generator/search: a manifest
// (search/index.json) naming the fields and their weights, and files
// fetched only when a query needs them: term shards by prefix, which also
// carry the title lines of the first results of each of their terms, and
// chunks of documents, fetched for the snippets of the results shown. An
// entry's chunk has no text: when a result matched in it, the snippet is
// made from the entry's own page (its element marked data-kith-text). The
// matching rules below are the Go engine's, line for line (fold, words,
// quality, typos, shards, ranking, snippets); generator/search's browser
// test runs the test vectors made by Go (testdata/vectors.json) through
// this file, so they cannot drift.
//
// In an encrypted site every file is sealed: they are read through
// kith.fetchText (unlock.js), with the key already held, and their names
// are HMACs of their plain names under a secret from the sealed manifest;
// an entry's page is opened by kith.fetchPage.
(function (global) {
  'use strict';

  // SPECIAL spells letters that do not decompose (search.special in Go).
  var SPECIAL = { 'ß': 'ss', 'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i' };
  var MARKS = /\p{Mn}/gu;
  var SPECIALS = new RegExp('[' + Object.keys(SPECIAL).join('') + ']', 'g');
  var KEY_LEN = 2;
  var NO_MATCH = 0, TYPO = 1, PREFIX = 2, EXACT = 3;
  var SNIPPET_BEFORE = 6, SNIPPET_WORDS = 24;
  var HEAD_DOCS = 10; // search.HeadDocs: the title lines of a shard's terms' first documents of each kind
  var KINDS = ['person', 'entry', 'event', 'org', 'tag'];
  var STATES = ['owed', 'overdue', 'fading'];
  var FILTERS = { org: ['org'], tag: ['tag'], expertise: ['expertise'], likes: ['likes'], met: ['met'], role: ['role'], location: ['location'] };
  var KIND_NAMES = { people: 'person', person: 'person', entries: 'entry', entry: 'entry', events: 'event', event: 'event', orgs: 'org', org: 'org', tags: 'tag', tag: 'tag' };

  var ASCII = /^[\x00-\x7f]*$/;

  // mark notes a stage of a query when a test has set
  // globalThis.kithSearchProbe to a list (generator/search's timing test).
  function mark(name) {
    var p = global.kithSearchProbe;
    if (p) p.push([name, performance.now()]);
  }

  function fold(s) {
    if (ASCII.test(s)) return s.toLowerCase(); // what the rest gives, faster
    return s.toLowerCase().normalize('NFKD').replace(MARKS, '').replace(SPECIALS, function (ch) { return SPECIAL[ch]; });
  }

  // segments splits s into [{text, word}], as search.Segments.
  var SEGMENT = /([\p{L}\p{N}\p{M}]+)|[^\p{L}\p{N}\p{M}]+/gu;

  function segments(s) {
    var out = [], m;
    SEGMENT.lastIndex = 0;
    while ((m = SEGMENT.exec(s)) !== null) out.push({ text: m[0], word: m[1] !== undefined });
    return out;
  }

  function tokens(s) {
    var out = [];
    segments(s).forEach(function (g) {
      if (!g.word) return;
      var t = fold(g.text);
      if (t !== '') out.push(t);
    });
    return out;
  }

  function runes(s) { return Array.from(s); }
  function head(s, n) { return runes(s).slice(0, n).join(''); }

  function maxTypos(n) { return n < 5 ? 0 : n < 9 ? 1 : 2; }

  // distance is search.distance: optimal string alignment, capped at k+1.
  function distance(a, b, k) {
    var prev2 = new Array(b.length + 1).fill(0), prev = [], cur = new Array(b.length + 1).fill(0);
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur[0] = i;
      var low = cur[0];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        low = Math.min(low, v);
      }
      if (low > k) return k + 1;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return prev[b.length];
  }

  function quality(q, t, sameShard) {
    if (t === q) return EXACT;
    if (t.length > q.length && t.startsWith(q)) return PREFIX;
    if (!sameShard) return NO_MATCH;
    var qr = runes(q), tr = runes(t), k = maxTypos(qr.length);
    if (k === 0 || Math.abs(qr.length - tr.length) > k) return NO_MATCH;
    return distance(qr, tr, k) <= k ? TYPO : NO_MATCH;
  }

  // parse is search.Parse; fields are given by name and resolved by the
  // index, and stop is the manifest's stop words (search.StopWords).
  function parse(s, stop) {
    var q = { words: [], kinds: [], states: [] };
    s.split(/\s+/).filter(Boolean).forEach(function (piece) {
      var m = /^([A-Za-z]+):([\s\S]*)$/.exec(piece);
      if (m) {
        var name = m[1].toLowerCase(), value = fold(m[2]);
        if (name === 'in') {
          var k = KIND_NAMES[value];
          if (k && q.kinds.indexOf(k) < 0) q.kinds.push(k);
          return;
        }
        if (name === 'is') {
          if (STATES.indexOf(value) >= 0 && q.states.indexOf(value) < 0) q.states.push(value);
          return;
        }
        if (FILTERS[name]) {
          tokens(m[2]).forEach(function (t) { q.words.push({ text: t, fields: FILTERS[name] }); });
          return;
        }
      }
      tokens(piece).forEach(function (t) { q.words.push({ text: t, fields: null }); });
    });
    // Query.Stop: words of text that are stop words are left out, unless
    // that leaves the query asking for nothing.
    var kept = { words: q.words.filter(function (w) { return w.fields || !stop.has(w.text); }), kinds: q.kinds, states: q.states };
    return empty(kept) ? q : kept;
  }

  function empty(q) { return !q.words.length && !q.states.length && !q.kinds.length; }

  // Index reads a site's index; load(path) fetches one file, relative to
  // the site root, and returns its parsed JSON; page(url) fetches a page
  // of the site (its address relative to the root) and returns its HTML.
  function Index(manifest, load, page) {
    var ix = this;
    ix.m = manifest;
    ix.load = load;
    ix.page = page;
    ix.first = chunkStarts(manifest.start, manifest.chunk, manifest.docs);
    ix.fields = manifest.fields.map(function (f) { return { name: f[0], weight: f[1], title: f[2] }; });
    ix.fieldIds = {};
    ix.fields.forEach(function (f, i) { ix.fieldIds[f.name] = i; });
    ix.keys = new Set(manifest.shards);
    ix.stop = new Set(manifest.stop);
    ix.shards = new Map(); // key → Promise of {term: postings}
    ix.chunks = new Map(); // chunk → Promise of docs
    ix.loaded = new Map(); // chunk → its docs, once they arrived
    ix.pages = new Map(); // url → Promise of a page's HTML (pageOf)
    ix.heads = new Map(); // doc → its title line {k, t, b, u}, from the manifest and headsFor
    ix.headFiles = new Map(); // key → Promise of its shard's title lines, added to heads
    ix.states = {};
    Object.keys(manifest.states).forEach(function (s) { ix.states[s] = new Set(manifest.states[s]); });
    ix.addHeads(manifest.d);
    ix.shardCache = new Map(); // term → its shard key
    ix.scoreCache = new Map(); // word and fields → Promise of its scores
    ix.decoded = new Map(); // term → its postings, decoded (postings)
  }

  // name returns the name of the file at p, relative to the site root: p
  // itself in a plain site, else 's' and the first 24 hex digits of
  // HMAC-SHA256(names, p) (search.OpaquePath). It is computed here, at
  // once, not with crypto.subtle, whose every call is a trip to another
  // thread and back: a query's fetches start in the keystroke's own task.
  Index.prototype.name = function (p) {
    if (!this.m.names) return p;
    if (!this.pads || this.pads.names !== this.m.names) this.pads = hmacPads(this.m.names);
    return 's' + toHex(hmac(this.pads, new TextEncoder().encode(p))).slice(0, 24);
  };

  // fileName is name, as a promise (the API of earlier versions).
  Index.prototype.fileName = async function (p) { return this.name(p); };

  // K256 are SHA-256's round constants.
  var K256 = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  // sha256 returns the SHA-256 digest (FIPS 180-4) of the bytes of data.
  function sha256(data) {
    var n = data.length, size = (n + 9 + 63) >> 6 << 6, buf = new Uint8Array(size);
    buf.set(data);
    buf[n] = 0x80;
    var bits = n * 8; // a file name: far below 2^32 bits
    buf[size - 4] = bits >>> 24; buf[size - 3] = bits >>> 16 & 255; buf[size - 2] = bits >>> 8 & 255; buf[size - 1] = bits & 255;
    var h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    var w = new Uint32Array(64);
    for (var off = 0; off < size; off += 64) {
      var i;
      for (i = 0; i < 16; i++) w[i] = buf[off + 4 * i] << 24 | buf[off + 4 * i + 1] << 16 | buf[off + 4 * i + 2] << 8 | buf[off + 4 * i + 3];
      for (i = 16; i < 64; i++) {
        var x = w[i - 15], y = w[i - 2];
        w[i] = w[i - 16] + ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3) + w[i - 7] + ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10);
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = k + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (e & f ^ ~e & g) + K256[i] + w[i] | 0;
        var t2 = ((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b ^ a & c ^ b & c) | 0;
        k = g; g = f; f = e; e = d + t1 | 0; d = c; c = b; b = a; a = t1 + t2 | 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    var out = new Uint8Array(32);
    for (i = 0; i < 8; i++) { out[4 * i] = h[i] >>> 24; out[4 * i + 1] = h[i] >>> 16; out[4 * i + 2] = h[i] >>> 8; out[4 * i + 3] = h[i]; }
    return out;
  }

  // hmacPads returns HMAC-SHA256's inner and outer keys for the key text.
  function hmacPads(text) {
    var key = new TextEncoder().encode(text);
    if (key.length > 64) key = sha256(key);
    var inner = new Uint8Array(64).fill(0x36), outer = new Uint8Array(64).fill(0x5c);
    for (var i = 0; i < key.length; i++) { inner[i] ^= key[i]; outer[i] ^= key[i]; }
    return { names: text, inner: inner, outer: outer };
  }

  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }

  // hmac returns HMAC-SHA256 (RFC 2104) of msg under the key of pads.
  function hmac(pads, msg) { return sha256(concat(pads.outer, sha256(concat(pads.inner, msg)))); }

  function toHex(bytes) {
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  function hex(s) { return toHex(new TextEncoder().encode(s)); }

  // shard returns a shard's terms: {term: postings}, each term's postings
  // still encoded (see eachPosting), decoded only for the terms a query
  // matches.
  Index.prototype.shard = function (key) {
    var ix = this;
    if (!ix.shards.has(key)) ix.shards.set(key, ix.load(ix.name('search/t/' + hex(key) + '.json')));
    return ix.shards.get(key);
  };

  // prefetch starts fetching the shards every word of q looks in.
  Index.prototype.prefetch = function (q) {
    var ix = this;
    q.words.forEach(function (w) { ix.shardsFor(w.text).forEach(function (k) { ix.shard(k).catch(function () { /* best reports it */ }); }); });
  };

  // headsFor fetches the title lines of the shards a query of one word of
  // two letters or more looks in (search.writeHeads), side by side with
  // the shards themselves; the first results of each kind of such a query
  // are among them. A word of one letter looks in every shard of its
  // letter: its results wait for their chunks instead.
  Index.prototype.headsFor = function (q) {
    var ix = this;
    if (q.words.length !== 1 || runes(q.words[0].text).length < 2) return Promise.resolve();
    return Promise.all(ix.shardsFor(q.words[0].text).map(function (key) { return ix.headFile(key); }));
  };

  // headFile returns the title lines of the shard with key (search.writeHeads)
  // and keeps them for head.
  Index.prototype.headFile = function (key) {
    var ix = this;
    if (!ix.headFiles.has(key)) {
      ix.headFiles.set(key, ix.load(ix.name('search/h/' + hex(key) + '.json')).then(function (list) { ix.addHeads(list); return list; }));
    }
    return ix.headFiles.get(key);
  };

  // letter returns the word of a query of one word of one letter, with no
  // field filter and no state, else ''. Such a word would look in every
  // shard of its letter (461 KB for 's' on a journal of 2,000 people); the
  // search page ranks its first results from the title lines of those
  // shards instead (letterBest), and looks in the shards only when asked.
  Index.prototype.letter = function (q) {
    var w = q.words.length === 1 && !q.words[0].fields && !q.states.length ? q.words[0].text : '';
    return runes(w).length === 1 ? w : '';
  };

  // letterBest returns, for a query letter accepts, the first limit(kind)
  // results of each kind (HEAD_DOCS at most), in find's order, from the title lines of the
  // letter's shards alone: each line has its document's best field weight
  // in its shard's terms, and the quality of a letter is the same for all
  // of a shard's terms (exact for the shard of the letter alone, else a
  // beginning), so weight × quality, best over the shards, is the score of
  // every document that can be among them (search.headFinder,
  // TestLetterHeads). The counts are only of the documents the lines
  // name, not of all results: the page does not show them.
  Index.prototype.letterBest = async function (q, limit) {
    var ix = this, w = ix.letter(q), keys = ix.shardsFor(w), best = new Map();
    var most = function (k) { return Math.min(limit(k), HEAD_DOCS); };
    var lists = await Promise.all(keys.map(function (k) { return ix.headFile(k); }));
    lists.forEach(function (list, i) {
      var qu = quality(w, keys[i], true);
      for (var j = 0; j < list.length; j++) {
        var d = list[j][0], s = list[j][4] * qu, old = best.get(d);
        if (old === undefined || s > old) best.set(d, s);
      }
    });
    var top = new Top(most), kinds = q.kinds.length ? q.kinds : null;
    best.forEach(function (s, d) {
      var rank = ix.kindRank(d);
      if (!kinds || kinds.indexOf(KINDS[rank]) >= 0) top.add(d, s, 0, rank);
    });
    return top.done();
  };

  // addHeads keeps title lines [doc, title, line, url, weight] for head.
  Index.prototype.addHeads = function (list) {
    var ix = this;
    list.forEach(function (h) { ix.heads.set(h[0], { k: ix.kindOf(h[0]), t: h[1], b: h[2], u: h[3] }); });
  };

  // DIGIT maps a character of search.digits to its value.
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = new Int8Array(128).fill(-1);
  for (var di = 0; di < DIGITS.length; di++) DIGIT[DIGITS.charCodeAt(di)] = di;

  // eachPosting calls fn(doc, field) for each posting of a term as
  // search.writePostings encodes it: numbers in base 32 (a digit of the
  // second half of DIGITS is followed by more), grouped by field: the
  // field, the count, then each document as a gap from the one before.
  function eachPosting(s, fn) {
    var n = 0, state = 0, field = 0, left = 0, doc = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d >= 32) { n = n * 32 + d - 32; continue; }
      n = n * 32 + d;
      if (state === 0) { field = n; state = 1; }
      else if (state === 1) { left = n; doc = 0; state = left ? 2 : 0; }
      else { doc += n; fn(doc, field); if (--left === 0) state = 0; }
      n = 0;
    }
  }

  // chunkStarts is search.chunkStarts: where each chunk of documents
  // starts, the documents of each kind (from start[k]) in chunks of
  // size[k], and docs last.
  function chunkStarts(start, size, docs) {
    var first = [];
    for (var k = 0; k < start.length; k++) {
      var end = k + 1 < start.length ? start[k + 1] : docs;
      for (var d = start[k]; d < end; d += size[k]) first.push(d);
    }
    first.push(docs);
    return first;
  }

  // chunkOf returns the chunk that holds document id.
  Index.prototype.chunkOf = function (id) {
    var lo = 0, hi = this.first.length - 1;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (this.first[mid + 1] > id) hi = mid; else lo = mid + 1;
    }
    return lo;
  };

  // doc returns document id, fetching its chunk; with fields (the fields
  // its result matched in, as bits) it also reads from the document's
  // page the field its chunk leaves there (search.OnPage: an entry's
  // text) if the result matched in it, so that the snippet can show it.
  Index.prototype.doc = async function (id, fields) {
    var ix = this, c = ix.chunkOf(id), h = ix.heads.get(id);
    // With its title line at hand, the page is fetched beside the chunk.
    if (h && !ix.loaded.has(c) && ix.wantsPage(h, fields)) ix.pageOf(h.u);
    if (!ix.chunks.has(c)) {
      ix.chunks.set(c, ix.load(ix.name('search/d/' + c + '.json')).then(function (docs) {
        ix.loaded.set(c, docs);
        return docs;
      }));
    }
    var d = (await ix.chunks.get(c))[id - ix.first[c]];
    if (ix.wantsPage(d, fields)) await ix.addPage(d);
    return d;
  };

  // wantsPage reports whether document (or title line) d lacks a field of
  // its page that a result that matched in fields would show.
  Index.prototype.wantsPage = function (d, fields) {
    var f = this.m.page[d.k];
    return f !== undefined && !d.paged && ((fields || 0) & (1 << f)) !== 0;
  };

  // addPage adds to d the field its chunk left on its page, read from the
  // element the page marks data-kith-text: its text as one line, block
  // after block. A page that cannot be read leaves d as it was (its
  // snippet comes from its other fields).
  Index.prototype.addPage = function (d) {
    var ix = this, f = ix.m.page[d.k];
    if (!d.paging) {
      d.paging = ix.pageOf(d.u).then(function (html) {
        // Only the page from the marked element on is parsed: the head and
        // the header before it are most of a page, and parsing is most of
        // the cost on a slow phone.
        var at = html.indexOf(' data-kith-text');
        if (at < 0) return;
        var el = new DOMParser().parseFromString(html.slice(html.lastIndexOf('<', at)), 'text/html').querySelector('[data-kith-text]');
        if (!el) return;
        el.querySelectorAll(BLOCKS).forEach(function (b) { b.after(' '); });
        var t = el.textContent.replace(/\s+/g, ' ').trim();
        if (t) d.f.push([f, t]);
      }).catch(function () { /* no text: the snippet shows another field */ }).then(function () { d.paged = true; });
    }
    return d.paging;
  };

  // pageOf returns a promise of the HTML of the page at url, fetched once.
  Index.prototype.pageOf = function (url) {
    var got = this.pages.get(url);
    if (!got) {
      got = this.page(url);
      got.catch(function () { /* addPage says */ });
      this.pages.set(url, got);
    }
    return got;
  };

  // BLOCKS are the elements whose text addPage keeps apart from the next.
  var BLOCKS = 'p,li,h1,h2,h3,h4,h5,h6,blockquote,pre,td,th,dt,dd,figcaption,br,hr,div,table,tr';

  // head returns what is at hand of a document without fetching: the
  // document itself if its chunk has arrived (and, for a result that
  // matched in fields, the field of its page: wantsPage), else its title
  // line {k, t, b, u} if a shard or its chunk carried it (no f: no
  // snippet yet), else null. A query of one word of two letters or more
  // finds the title lines of its first results of each kind in those
  // headsFor fetched (see search.headFinder), one of no words and at most
  // one state in the manifest (search.manifestHeads).
  Index.prototype.head = function (id, fields) {
    var c = this.chunkOf(id), docs = this.loaded.get(c);
    if (docs) {
      var d = docs[id - this.first[c]];
      if (!this.wantsPage(d, fields)) return d;
      return this.heads.get(id) || { k: d.k, t: d.t, b: d.b || '', u: d.u };
    }
    return this.heads.get(id) || null;
  };

  Index.prototype.shardOf = function (t) {
    var got = this.shardCache.get(t);
    if (got !== undefined) return got;
    got = '';
    for (var n = KEY_LEN + 1; n >= 1; n--) {
      var k = head(t, n);
      if (runes(k).length < n) continue;
      if (this.keys.has(k)) { got = k; break; }
    }
    this.shardCache.set(t, got);
    return got;
  };

  // shardsFor is search.shardsFor: the word's own shard and the keys that
  // start with it (a shorter key holds no match).
  Index.prototype.shardsFor = function (w) {
    var home = this.shardOf(w);
    return this.m.shards.filter(function (k) { return k === home || k.startsWith(w); });
  };

  Index.prototype.kindRank = function (d) {
    var r = 0;
    for (var i = 0; i < KINDS.length; i++) if (d >= this.m.start[i]) r = i;
    return r;
  };

  Index.prototype.kindOf = function (d) { return KINDS[this.kindRank(d)]; };

  Index.prototype.fieldsOf = function (w) {
    var ix = this;
    return w.fields && w.fields.map(function (f) { return ix.fieldIds[f]; });
  };

  // wordScores returns, for each document with a term matching w in an
  // allowed field, {score: the best weight × quality, fields: the fields
  // matched, as bits}, as search.wordScores.
  Index.prototype.wordScores = async function (w) {
    var ix = this, best = new Map(), home = ix.shardOf(w.text), allowed = ix.fieldsOf(w);
    var keys = ix.shardsFor(w.text);
    var shards = await Promise.all(keys.map(function (k) { return ix.shard(k); }));
    mark('shards');
    var ok = new Array(ix.fields.length).fill(!allowed);
    if (allowed) allowed.forEach(function (f) { ok[f] = true; });
    var weight = ix.fields.map(function (f) { return f.weight; });
    shards.forEach(function (terms, i) {
      for (var t in terms) {
        var qu = quality(w.text, t, keys[i] === home);
        if (qu === NO_MATCH) continue;
        var ps = ix.postings(t, terms[t]), docs = ps.docs, fs = ps.fields;
        for (var j = 0; j < docs.length; j++) {
          var doc = docs[j], f = fs[j];
          if (!ok[f]) continue;
          var s = weight[f] * qu, h = best.get(doc);
          if (!h) best.set(doc, { score: s, fields: 1 << f });
          else { if (s > h.score) h.score = s; h.fields |= 1 << f; }
        }
      }
    });
    mark('scored');
    return best;
  };

  // postings returns a term's postings decoded from enc, {docs, fields},
  // and keeps them for the next keystroke (a longer word matches mostly the
  // same terms).
  Index.prototype.postings = function (t, enc) {
    var got = this.decoded.get(t);
    if (got) return got;
    if (this.decoded.size > 2000) this.decoded.clear();
    got = { docs: [], fields: [] };
    eachPosting(enc, function (doc, f) { got.docs.push(doc); got.fields.push(f); });
    this.decoded.set(t, got);
    return got;
  };

  // matches returns the scores of the documents that have every word of q,
  // {score, fields} by document (fields: the fields matched, as bits), or
  // null when q has no words (every document, before kinds and states).
  Index.prototype.matches = async function (q) {
    var ix = this;
    var all = await Promise.all(q.words.map(function (w) {
      var key = w.text + '\u0000' + (w.fields || []).join(',');
      if (!ix.scoreCache.has(key)) {
        if (ix.scoreCache.size > 200) ix.scoreCache.clear();
        ix.scoreCache.set(key, ix.wordScores(w));
      }
      return ix.scoreCache.get(key);
    }));
    var scores = all.length ? all[0] : null;
    for (var i = 1; i < all.length && scores.size; i++) {
      var next = new Map();
      all[i].forEach(function (h, d) {
        var old = scores.get(d);
        if (old) next.set(d, { score: old.score + h.score, fields: old.fields | h.fields });
      });
      scores = next;
    }
    return scores;
  };

  // each calls fn(doc, hit or null, kind rank) for every result of q among
  // scores (as matches gives them): of the kinds and in the states q asks
  // for.
  Index.prototype.each = function (q, scores, fn) {
    var ix = this, kinds = q.kinds.length ? q.kinds : null;
    var add = function (d, h) {
      var rank = ix.kindRank(d);
      if (kinds && kinds.indexOf(KINDS[rank]) < 0) return;
      for (var i = 0; i < q.states.length; i++) if (!ix.states[q.states[i]].has(d)) return;
      fn(d, h, rank);
    };
    if (scores === null && q.states.length) ix.m.states[q.states[0]].forEach(function (d) { add(d, null); }); // people in the first state
    else if (scores === null) for (var d = 0; d < ix.m.docs; d++) add(d, null);
    else scores.forEach(function (h, d) { add(d, h); });
  };

  // find returns [{doc, score, fields}] grouped by kind, best first, ties
  // by doc.
  Index.prototype.find = async function (q) {
    if (empty(q)) return [];
    var out = [];
    this.each(q, await this.matches(q), function (d, h, rank) {
      out.push({ doc: d, score: h ? h.score : 0, fields: h ? h.fields : 0, rank: rank });
    });
    out.sort(function (a, b) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      if (a.score !== b.score) return b.score - a.score;
      return a.doc - b.doc;
    });
    return out;
  };

  // best returns the first limit(kind) results of each kind in find's
  // order and how many there are of each ({byKind, counts, total}; see
  // Top), without sorting all of them: what the search page shows.
  Index.prototype.best = async function (q, limit) {
    var top = new Top(limit);
    if (empty(q)) return top.done();
    this.each(q, await this.matches(q), function (d, h, rank) { top.add(d, h ? h.score : 0, h ? h.fields : 0, rank); });
    return top.done();
  };

  // Top keeps the first limit(kind) results of each kind, best first, ties
  // by doc, and counts them all.
  function Top(limit) {
    this.limit = KINDS.map(limit);
    this.lists = KINDS.map(function () { return []; });
    this.n = KINDS.map(function () { return 0; });
  }

  Top.prototype.add = function (d, score, fields, rank) {
    this.n[rank]++;
    var list = this.lists[rank], at = list.length;
    while (at > 0 && (list[at - 1].score < score || list[at - 1].score === score && list[at - 1].doc > d)) at--;
    if (at >= this.limit[rank]) return;
    list.splice(at, 0, { doc: d, score: score, fields: fields, rank: rank });
    if (list.length > this.limit[rank]) list.pop();
  };

  // done returns {byKind: kind → results, counts: kind → how many, total},
  // with the kinds that have any.
  Top.prototype.done = function () {
    var out = { byKind: {}, counts: {}, total: 0 };
    for (var i = 0; i < KINDS.length; i++) {
      if (!this.n[i]) continue;
      out.byKind[KINDS[i]] = this.lists[i];
      out.counts[KINDS[i]] = this.n[i];
      out.total += this.n[i];
    }
    return out;
  };

  // snippet is search.snippet: returns {field, marks: [{t, m}]}. Only the
  // fields the index found a query word in (fields, as bits) are read.
  // A document's fields are split into segments and folded once, and kept
  // on the document (doc.words) for the next keystroke; q keeps each
  // word's quality against each term it met (q.memo).
  Index.prototype.snippet = function (q, doc, fields) {
    var ix = this, best = null, words = q.words, nw = words.length;
    var allowedOf = words.map(function (w) { return ix.fieldsOf(w); });
    var homes = words.map(function (w) { return ix.shardOf(w.text); });
    // A term can match a word only if it starts as the word does (a typo
    // is looked for in the word's own shard, whose key both start with),
    // unless the word has no shard (-1: every term is looked at).
    var firsts = words.map(function (w, i) { return homes[i] ? w.text.charCodeAt(0) : -1; });
    var memo = q.memo || (q.memo = words.map(function () { return new Map(); }));
    if (!doc.words) doc.words = [];
    for (var fi = 0; fi < doc.f.length; fi++) {
      var ft = doc.f[fi], fid = ft[0];
      if (!(fields & (1 << fid))) continue;
      var f = ix.fields[fid], cut = doc.words[fi];
      if (!cut) {
        var ss = segments(ft[1]);
        cut = doc.words[fi] = { segs: ss, terms: ss.map(function (s) { return s.word ? fold(s.text) : ''; }) };
      }
      var segs = cut.segs, terms = cut.terms;
      var marked = new Array(segs.length).fill(false);
      var seen = new Array(nw).fill(false), count = 0;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i];
        if (t === '') continue;
        var c = t.charCodeAt(0);
        for (var wi = 0; wi < nw; wi++) {
          if (c !== firsts[wi] && firsts[wi] >= 0) continue;
          var allowed = allowedOf[wi];
          if (allowed && allowed.indexOf(fid) < 0) continue;
          var qu = memo[wi].get(t);
          if (qu === undefined) memo[wi].set(t, qu = quality(words[wi].text, t, ix.shardOf(t) === homes[wi]));
          if (qu !== NO_MATCH) {
            marked[i] = true;
            if (!seen[wi]) { seen[wi] = true; count++; }
          }
        }
      }
      if (!count) continue;
      var p = { field: fid, count: count, weight: f.weight, title: f.title, segs: segs, marked: marked };
      if (!best || better(p, best)) best = p;
    }
    if (!best) {
      if (!doc.f.length) return { field: '', marks: [] };
      var first = segments(doc.f[0][1]);
      return { field: ix.fields[doc.f[0][0]].name, marks: windowOf(first, first.map(function () { return false; })) };
    }
    return { field: ix.fields[best.field].name, marks: windowOf(best.segs, best.marked) };
  };

  function better(p, b) {
    if (p.title !== b.title) return !p.title;
    if (p.count !== b.count) return p.count > b.count;
    return p.weight > b.weight;
  }

  function windowOf(segs, marked) {
    var first = 0;
    for (var i = 0; i < segs.length; i++) if (marked[i]) { first = i; break; }
    var start = first;
    for (var n = 0; start > 0 && n < SNIPPET_BEFORE;) { start--; if (segs[start].word) n++; }
    while (start > 0 && !segs[start].word) start++;
    var out = [];
    if (start > 0) out.push({ t: '… ', m: false });
    var words = 0, end = start;
    for (; end < segs.length && words < SNIPPET_WORDS; end++) {
      if (segs[end].word) words++;
      appendMark(out, segs[end].text, marked[end]);
    }
    if (end < segs.length) appendMark(out, ' …', false);
    return out;
  }

  function appendMark(out, text, m) {
    var last = out[out.length - 1];
    if (last && last.m === m) last.t += text;
    else out.push({ t: text, m: m });
  }

  function text(marks) {
    return marks.map(function (x) { return x.m ? '**' + x.t + '**' : x.t; }).join('');
  }

  // results runs a query and returns the results of the first limit per
  // kind with their documents and snippets, and the count of each kind.
  Index.prototype.results = async function (query, limit) {
    var ix = this, q = parse(query, ix.stop), found = await ix.find(q);
    var shown = [], counts = {};
    found.forEach(function (r) {
      var k = ix.kindOf(r.doc);
      counts[k] = (counts[k] || 0) + 1;
      if (!limit || counts[k] <= limit) shown.push(r);
    });
    var docs = await Promise.all(shown.map(function (r) { return ix.doc(r.doc, r.fields); }));
    return {
      counts: counts,
      results: shown.map(function (r, i) {
        var d = docs[i], s = ix.snippet(q, d, r.fields);
        return { kind: d.k, slug: d.s, title: d.t, sub: d.b || '', url: d.u, field: s.field, marks: s.marks, snippet: text(s.marks) };
      })
    };
  };

  // open loads the manifest at path (relative to root) and returns an
  // Index. In an encrypted site (unlock.js's kith) files and pages are
  // opened with the key already held.
  async function open(root, path) {
    var load, page;
    if (global.kith && global.kith.fetchText) {
      load = async function (p) { return JSON.parse(await global.kith.fetchText(p)); };
      page = global.kith.fetchPage;
    } else {
      var get = async function (p) {
        var res = await fetch(new URL(p, root));
        if (!res.ok) throw new Error(p + ': ' + res.status);
        return res;
      };
      load = async function (p) { return (await get(p)).json(); };
      page = async function (p) { return (await get(p)).text(); };
    }
    return new Index(await load(path), load, page);
  }

  var api = { fold: fold, tokens: tokens, segments: segments, parse: parse, quality: quality, open: open, text: text };
  global.kithSearch = api;
  if (typeof document === 'undefined') return;

  // The page: a box in the header ([data-kith-search]) and, on /search/,
  // the results (#kith-results).
  var HEADINGS = { person: 'People', entry: 'Entries', event: 'Events', org: 'Organisations', tag: 'Tags' };
  var PER_KIND = 10;
  var FIRST = 5; // results of each kind drawn before the rest are asked for

  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt !== undefined) e.textContent = txt;
    return e;
  }

  function wire() {
    var box = document.querySelector('[data-kith-search]');
    if (!box) return;
    var input = box.querySelector('input');
    var root = new URL(box.getAttribute('data-root') || './', location.href);
    var page = box.getAttribute('data-page'); // the search page, relative to this page
    var out = document.getElementById('kith-results');
    box.hidden = false;

    document.addEventListener('keydown', function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
      }
    });

    // Enter submits the box: elsewhere it opens the search page with the
    // query (the page's Content-Security-Policy allows no form to submit).
    box.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!out && input.value.trim()) {
        location.href = new URL(page, location.href).pathname + '?q=' + encodeURIComponent(input.value.trim());
      }
    });
    if (!out) return;

    var status = document.getElementById('kith-status');
    var index = null, opened = null, seq = 0, limits = {}, wide = false;
    var shown = null; // what the results show, as view spells it, once whole; null while they change
    // kept holds the result nodes of the last query drawn whole, by
    // document: {li, key}, key what the node shows (see item); a keystroke
    // takes again those whose key is the same, and leaves them in place if
    // they are.
    var kept = new Map();
    function say(s) { if (status && status.textContent !== s) status.textContent = s; }

    // openIndex starts loading the manifest; the search page does so as it
    // opens, so that the first query waits only for its own files.
    function openIndex() {
      if (!index) {
        // data-index is relative to this page; files are named from the root.
        var at = new URL(box.getAttribute('data-index'), location.href).href;
        index = open(root, at.startsWith(root.href) ? at.slice(root.href.length) : at);
        index.then(function (ix) { opened = ix; }, function () { index = null; }); // the next query tries again
      }
      return index;
    }

    // remember puts the query in the address once the results are drawn
    // and the next frame is: history.replaceState cost 15-70 ms of a
    // keystroke at a 4x slowdown, and run while a first query's files
    // arrived it held up reading them. A newer keystroke replaces it.
    function remember(query, my) {
      requestAnimationFrame(function () {
        setTimeout(function () {
          if (my === seq) history.replaceState(null, '', query ? '?q=' + encodeURIComponent(query) : location.pathname);
        }, 0);
      });
    }

    // run finds the query's results and draws them kind by kind, the first
    // kind replacing the results before it, so that a keystroke never
    // blanks the page. Only the first results of each kind are ranked
    // (Index.best); the others are counted. A result is drawn from what is
    // at hand (ix.head): its document, or its title line, fetched side by
    // side with the shards (a one-word query finds all it shows there), so
    // that the first paint waits for no chunk; the snippets of results
    // drawn without their document are put in once their chunks have
    // arrived (#kith-results is aria-busy until then). A query of one
    // letter shows the best of each kind from the title lines of its
    // shards alone, without snippets or counts (Index.letterBest), until a
    // second letter is typed or all its results are asked for (wide).
    async function run(reset) {
      var query = input.value.trim(), my = ++seq;
      mark('start');
      if (reset) { limits = {}; wide = false; }
      if (!query) { remember(query, my); shown = null; out.textContent = ''; out.removeAttribute('aria-busy'); say(''); return; }
      try {
        var ix = opened || await openIndex(), q = parse(query, ix.stop);
        mark('parsed');
        var limit = function (k) { return limits[k] || PER_KIND; };
        var letter = !wide && ix.letter(q), top;
        if (letter) top = await ix.letterBest(q, limit);
        else {
          // The files first, before any other work of the keystroke: the
          // shards of every word, and the title lines beside them.
          ix.prefetch(q);
          var lines = ix.headsFor(q).catch(function () { /* the results wait for their chunks */ });
          top = await ix.best(q, limit);
          await lines;
        }
        mark('found');
        if (my !== seq) return; // a newer keystroke won
        var byKind = top.byKind, counts = top.counts, total = top.total;
        var kinds = KINDS.filter(function (k) { return counts[k]; });
        var told = letter && kinds.length ? 'The best of each kind for one letter: type another letter, or show all.' :
          total ? total + (total === 1 ? ' result' : ' results') : 'Nothing found.';
        // A keystroke that leaves the results as they are shown (the same
        // documents, counts and snippets: often so as a word grows) draws
        // nothing: no nodes made, no layout.
        if (shown !== null && view(ix, q, letter && query, kinds, byKind, counts) === shown) {
          mark('drawn');
          say(told);
          out.removeAttribute('aria-busy');
          remember(query, my);
          return;
        }
        shown = null;
        var now = new Map(); // the nodes of this query, for kept
        var later = letter ? null : [];
        if (kinds.every(function (k) { return byKind[k].every(function (r) { return ix.head(r.doc, r.fields); }); })) {
          // Everything is at hand (a query of one word finds its first
          // results in their title lines): the results are changed in
          // place, the nodes of documents shown as they were kept where
          // they are, so that the page lays out only what changed.
          redraw(ix, q, out, kinds, byKind, letter ? null : counts, later, now);
        } else {
          // Results with neither document nor title line at hand wait for
          // their chunk: those of the first FIRST results of every kind are
          // asked for first, then the rest; each kind is drawn in turn as its
          // first results are ready, and the rest added after.
          var docsOf = function (rs) { return Promise.all(rs.map(function (r) { return ix.head(r.doc, r.fields) || ix.doc(r.doc, r.fields); })); };
          var firsts = kinds.map(function (k) { return docsOf(byKind[k].slice(0, FIRST)); });
          var tails = kinds.map(function (k) { return docsOf(byKind[k].slice(FIRST)); });
          var lists = [];
          for (var i = 0; i < kinds.length; i++) {
            var got = await firsts[i];
            if (my !== seq) return;
            var sec = section(ix, q, kinds[i], letter ? 0 : counts[kinds[i]], byKind[kinds[i]], got, later, now);
            if (i === 0) out.textContent = '';
            out.appendChild(sec);
            lists.push(sec.querySelector('ol'));
          }
          if (!kinds.length) out.textContent = '';
          for (i = 0; i < kinds.length; i++) {
            got = await tails[i];
            if (my !== seq) return;
            addResults(ix, q, lists[i], byKind[kinds[i]].slice(FIRST), got, later, now);
          }
        }
        mark('drawn');
        if (letter && kinds.length) {
          var all = el('button', 'more', 'Show all results for “' + query + '”');
          all.type = 'button';
          all.addEventListener('click', function () { wide = true; run(false); });
          out.appendChild(all);
        }
        say(told);
        remember(query, my);
        if (later && later.length) {
          // The chunks are asked for once the results are drawn on screen,
          // so that reading them does not hold up that frame; a keystroke
          // before then asks for none.
          out.setAttribute('aria-busy', 'true');
          await new Promise(function (r) { requestAnimationFrame(function () { setTimeout(r, 0); }); setTimeout(r, 100); });
          if (my !== seq) return;
          // All snippets are put in at once, when the last chunk is in:
          // one layout of the results, not one for each chunk.
          var docs = await Promise.all(later.map(function (x) {
            return ix.doc(x.r.doc, x.r.fields).catch(function () { return null; }); // the result stays without its snippet
          }));
          if (my !== seq) return;
          later.forEach(function (x, i) {
            if (!docs[i]) return;
            var sn = snip(ix, q, docs[i], x.r);
            snippetInto(x.p, sn);
            now.get(x.r.doc).key = itemKey(x.r.doc, sn);
          });
        }
        if (my === seq) {
          out.removeAttribute('aria-busy');
          shown = view(ix, q, letter && query, kinds, byKind, counts);
          kept = now;
        }
      } catch (err) {
        if (my === seq) { shown = null; say('Search failed: ' + err.message); remember(query, my); }
      }
    }

    // view spells what the results of a query show: each kind with its
    // count, each result's document and snippet (its field and marked
    // text), and the letter query's button; null if a result has neither
    // its document nor (for a letter, which shows no snippets) its title
    // line at hand.
    function view(ix, q, letter, kinds, byKind, counts) {
      var parts = [letter || ''];
      for (var i = 0; i < kinds.length; i++) {
        var k = kinds[i], rs = byKind[k];
        parts.push(k, letter ? 0 : counts[k], rs.length);
        for (var j = 0; j < rs.length; j++) {
          var d = ix.head(rs[j].doc, rs[j].fields);
          if (!d || !letter && !d.f) return null;
          var sn = letter ? null : snip(ix, q, d, rs[j]);
          parts.push(rs[j].doc, sn ? sn.field + ':' + text(sn.marks) : '');
        }
      }
      return parts.join('\u0001');
    }

    // snip returns result r's snippet from its document d, made once for
    // the query q.
    function snip(ix, q, d, r) {
      var made = q.snips || (q.snips = new Map()), sn = made.get(r.doc);
      if (!sn) made.set(r.doc, sn = ix.snippet(q, d, r.fields));
      return sn;
    }

    // section draws the results of one kind: the heading with how many
    // there are (n; 0: not known), the first results (those docs has) and
    // the button for more.
    function section(ix, q, k, n, rs, docs, later, now) {
      var sec = el('section', 'results-' + k);
      sec.dataset.kind = k;
      sec.appendChild(el('h2', '', heading(k, n)));
      var ol = el('ol', 'results');
      addResults(ix, q, ol, rs.slice(0, docs.length), docs, later, now);
      sec.appendChild(ol);
      var more = moreButton(k, n, rs);
      if (more) sec.appendChild(more);
      return sec;
    }

    function heading(k, n) { return n ? HEADINGS[k] + ' (' + n + ')' : HEADINGS[k]; }

    // moreButton returns the button that shows more results of kind k, or
    // null if all n are shown.
    function moreButton(k, n, rs) {
      if (rs.length >= n) return null;
      var more = el('button', 'more', 'Show more ' + HEADINGS[k].toLowerCase());
      more.type = 'button';
      more.addEventListener('click', function () { limits[k] = rs.length + PER_KIND * 5; run(false); });
      return more;
    }

    // redraw changes the results shown in box (#kith-results) into
    // those of kinds (byKind, with
    // their documents or title lines at hand; counts null: a letter's, not
    // counted) in place: each kind's section is kept, its heading changed
    // if its count did, and each result is the node kept for its document
    // if it shows the same (item), moved only if its place changed.
    function redraw(ix, q, box, kinds, byKind, counts, later, now) {
      var old = new Map();
      Array.prototype.slice.call(box.children).forEach(function (c) {
        if (c.dataset.kind) old.set(c.dataset.kind, c);
        else c.remove(); // the letter's button
      });
      kinds.forEach(function (k, i) {
        var rs = byKind[k], n = counts ? counts[k] : 0, sec = old.get(k);
        old.delete(k);
        if (!sec) {
          sec = el('section', 'results-' + k);
          sec.dataset.kind = k;
          sec.appendChild(el('h2'));
          sec.appendChild(el('ol', 'results'));
        }
        var h2 = sec.firstChild, ol = sec.children[1], text = heading(k, n);
        if (h2.textContent !== text) h2.textContent = text;
        for (var j = 0; j < rs.length; j++) {
          var li = item(ix, q, rs[j], ix.head(rs[j].doc, rs[j].fields), later, now), at = ol.children[j];
          if (at !== li) ol.insertBefore(li, at || null);
        }
        while (ol.children.length > rs.length) ol.lastElementChild.remove();
        if (sec.children[2]) sec.children[2].remove();
        var more = moreButton(k, n, rs);
        if (more) sec.appendChild(more);
        if (box.children[i] !== sec) box.insertBefore(sec, box.children[i] || null);
      });
      old.forEach(function (sec) { sec.remove(); });
    }

    // addResults adds results to a list, each drawn from its document or
    // its title line (docs); a result drawn from its title line is listed
    // in later for its snippet (later null: no snippets).
    function addResults(ix, q, ol, rs, docs, later, now) {
      rs.forEach(function (r, i) { ol.appendChild(item(ix, q, r, docs[i], later, now)); });
    }

    // itemKey spells what a result's node shows: its document and its
    // snippet (sn; null: none, as a letter's results; undefined: not yet,
    // its chunk is on its way, and the node is never taken again).
    function itemKey(doc, sn) {
      if (sn === undefined) return '';
      return doc + (sn ? '\u0001' + sn.field + '\u0001' + text(sn.marks) : '');
    }

    // item returns the node of result r drawn from its document or title
    // line d: the one kept from the query before if it shows the same,
    // else a new one (listed in later for its snippet if d has none). The
    // warm-up's index (not the page's) takes none.
    function item(ix, q, r, d, later, now) {
      var sn = !later ? null : d.f ? snip(ix, q, d, r) : undefined, key = itemKey(r.doc, sn);
      var old = ix === opened && kept.get(r.doc);
      if (key && old && old.key === key) {
        now.set(r.doc, old);
        return old.li;
      }
      var li = el('li');
      var a = el('a', 'result', d.t);
      a.href = new URL(d.u, root).href;
      li.appendChild(a);
      if (d.b) li.appendChild(el('span', 'sub', ' · ' + d.b));
      if (later) {
        var p = el('p', 'snippet');
        if (sn) snippetInto(p, sn);
        else later.push({ p: p, r: r });
        li.appendChild(p);
      }
      now.set(r.doc, { li: li, key: key });
      return li;
    }

    function snippetInto(p, sn) {
      if (sn.field) p.appendChild(el('span', 'field', sn.field + ': '));
      sn.marks.forEach(function (m) { p.appendChild(m.m ? el('mark', '', m.t) : document.createTextNode(m.t)); });
    }

    // Arrows move between the box and the results; Enter follows a link.
    function links() { return Array.prototype.slice.call(out.querySelectorAll('a.result')); }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'Enter') {
        var l = links();
        if (l.length) { e.preventDefault(); l[0].focus(); }
      }
    });
    out.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      var l = links(), i = l.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      if (e.key === 'ArrowDown' && i + 1 < l.length) l[i + 1].focus();
      else if (e.key === 'ArrowUp') (i > 0 ? l[i - 1] : input).focus();
    });
    input.addEventListener('input', function () { run(true); });
    var q = new URLSearchParams(location.search).get('q');
    // warmUp runs the code a query runs before one is typed, so that the
    // first query of a visit does not pay for compiling it (the shards'
    // decoding, scoring, ranking and drawing took 35-135 ms more in the
    // first query than in the next at a 4x slowdown): queries on an index
    // of its own, big enough for the engine's loops to be optimised, drawn
    // into a list never shown; and one small file of the site fetched, read
    // (decrypted) and named as a query's are.
    function warmUp(ix) {
      var n = 4000;
      var num = function (v) { var t = DIGITS[v & 31]; for (v >>= 5; v > 0; v >>= 5) t = DIGITS[32 + (v & 31)] + t; return t; };
      var list = function (field, count, gap) { var t = num(field) + num(count); for (var i = 0; i < count; i++) t += num(i ? gap : 1); return t; };
      var terms = { wa: list(13, 20, 100), warm: list(0, 3000, 1), warmer: list(15, 600, 5) + list(3, 40, 50), warmth: list(1, 900, 4) };
      var heads = [], long = new Array(12).join('A café where the warmer weather warms the wary, ');
      for (var i = 0; i < 60; i++) heads.push([i * 61 % n, 'Warm ' + i, 'a line', '#', 1 + i % 10]);
      var m = Object.assign({}, ix.m, { docs: n, start: [0, 2000, 3900, 3950, 3990], shards: ['wa'], d: heads.slice(0, 5), names: '',
        states: { owed: [1, 2, 3], overdue: [], fading: [] } });
      var warm = new Index(m, function (p) {
        if (p.indexOf('/t/') > 0) return Promise.resolve(terms);
        if (p.indexOf('/h/') > 0) return Promise.resolve(heads);
        var c = +p.replace(/^.*\/(\d+)\.json$/, '$1'), docs = [];
        for (var d = warm.first[c]; d < warm.first[c + 1]; d++) {
          docs.push({ k: warm.kindOf(d), s: 'w' + d, t: 'Wärm ' + d, b: 'a line', u: '#', f: [[0, 'Warm up ' + d], [15, long + d]] });
        }
        return Promise.resolve(docs);
      });
      // One query per task, so that a keystroke waits for one at most; none
      // once a query is typed.
      var chain = Promise.resolve();
      ['warm', 'warme', 'warmer', 'warmre', 'w', 'warm in:people', 'is:owed', 'warmth'].forEach(function (w) {
        chain = chain.then(function () { return new Promise(function (r) { setTimeout(r, 0); }); }).then(async function () {
          if (input.value) return;
          var wq = parse(w, warm.stop), top = warm.letter(wq) ? await warm.letterBest(wq, function () { return PER_KIND; }) : await warm.best(wq, function () { return PER_KIND; });
          for (var k in top.byKind) {
            var rs = top.byKind[k], docs = await Promise.all(rs.map(function (r) { return warm.head(r.doc) || warm.doc(r.doc); }));
            section(warm, wq, k, top.counts[k], rs, docs, warm.letter(wq) ? null : [], new Map());
          }
        });
      });
      if (ix.m.shards.length) ix.headFile(ix.m.shards[0]).catch(function () {});
    }
    openIndex().then(function (ix) { if (!input.value) warmUp(ix); }, function () {});
    if (q) { input.value = q; run(true); }
    else input.focus();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})(globalThis);
