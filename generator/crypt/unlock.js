// unlock.js: opens a page of an encrypted kith site in the browser.
//
// Each page is a shell holding the sealed page (base64) in #kith-sealed,
// with the name it was sealed under in data-name and the relative site
// root in data-root. The passphrase unwraps the site's content key from
// _kith/key.json; the key is kept as a non-extractable CryptoKey in
// IndexedDB so the passphrase is typed once per browser session (or once
// per device with "Remember on this device"). The format is described in
// the Go package kith/generator/crypt.
//
// For the theme, window.kith offers:
//   kith.lock()            forget the key in every tab and show the form
//   kith.fetchText(path)   fetch and open a sealed file, path relative to
//                          the site root (it is also the sealed name)
//   kith.fetchPage(path)   fetch another page of the site (its address
//                          relative to the site root) and return its HTML,
//                          opened (search.js reads an entry's text there)
//   kith.root              the site root URL
// and elements with a data-kith-lock attribute are shown and lock on click.
(function (global) {
  'use strict';

  var VERSION = 1;
  var WRAP_AAD = 'kith key v1';
  var enc = new TextEncoder();

  function fromBase64(s) {
    return Uint8Array.from(atob(s.trim()), function (c) { return c.charCodeAt(0); });
  }

  // fail makes an Error whose kind the page uses to pick its message.
  function fail(kind, message) {
    var e = new Error(message);
    e.kind = kind;
    return e;
  }

  // unwrapKey derives the key-encryption key from the passphrase and
  // returns the site's content key as a non-extractable AES-GCM key.
  async function unwrapKey(keyFile, passphrase) {
    var subtle = global.crypto.subtle;
    if (keyFile.v !== VERSION || keyFile.kdf !== 'pbkdf2-sha256') {
      throw fail('version', 'unsupported key file version');
    }
    var base = await subtle.importKey('raw', enc.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
    var kek = await subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(keyFile.salt), iterations: keyFile.iter },
      base, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
    var keys;
    try {
      keys = new Uint8Array(await subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(keyFile.nonce), additionalData: enc.encode(WRAP_AAD) },
        kek, fromBase64(keyFile.wrapped)));
    } catch (e) {
      throw fail('passphrase', 'wrong passphrase');
    }
    try {
      // The first 32 bytes are the content key; the MAC key that follows
      // is only needed at build time.
      return await subtle.importKey('raw', keys.subarray(0, 32), { name: 'AES-GCM' }, false, ['decrypt']);
    } finally {
      keys.fill(0);
    }
  }

  // openSealed decrypts 0x01 || nonce || ciphertext sealed under name.
  async function openSealed(key, name, sealed) {
    if (sealed.length < 1 + 12 + 16 || sealed[0] !== VERSION) {
      throw fail('damaged', 'unsupported or damaged sealed data');
    }
    try {
      return await global.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: sealed.subarray(1, 13), additionalData: enc.encode(name) },
        key, sealed.subarray(13));
    } catch (e) {
      throw fail('damaged', 'sealed data failed authentication');
    }
  }

  var kith = { unwrapKey: unwrapKey, openSealed: openSealed };
  global.kith = kith;
  if (typeof document === 'undefined') return; // loaded outside a page, as in tests

  // The shell loads this script in its <head>, before it paints: it takes
  // the theme chosen on the site (theme.js's "kith-theme"), and while a
  // stored key is likely (a session cookie, or a key remembered on this
  // device) it hides the lock card, so that a page opens in its place with
  // no card flashing. The rest waits for the shell's body.
  var docEl = document.documentElement;
  var cookieName = 'kith-session';
  var hintBase = document.currentScript ? new URL('../', document.currentScript.src).pathname : '';
  try {
    var theme = localStorage.getItem('kith-theme');
    if (theme) docEl.dataset.theme = theme;
  } catch (e) { /* no storage: the system's preference decides */ }
  var likely = new RegExp('(?:^|;\\s*)' + cookieName + '=').test(document.cookie);
  try { likely = likely || localStorage.getItem('kith-key:' + hintBase) === '1'; } catch (e) { /* no storage */ }
  if (likely) {
    docEl.classList.add('kith-opening');
    setTimeout(reveal, 3000); // should opening stall, the form still comes
  }
  function reveal() { docEl.classList.remove('kith-opening'); }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
  else main();

  function main() {
    var sealedEl = document.getElementById('kith-sealed');
    var form = document.getElementById('kith-unlock');
    var status = document.getElementById('kith-status');
    var root = new URL(sealedEl.getAttribute('data-root') || './', location.href);
    var base = root.pathname; // one stored key per site, even with several sites per origin
    var channel = 'BroadcastChannel' in global ? new BroadcastChannel('kith:' + base) : null;
    var siteKey = null;

    // Stored key: IndexedDB record {key, remember, token} under the site base.
    // A session-only record is valid while a session cookie holds its token;
    // session cookies are shared by tabs and die with the browser session.
    function store(mode, fn) {
      return new Promise(function (resolve, reject) {
        var req = indexedDB.open('kith', 1);
        req.onupgradeneeded = function () { req.result.createObjectStore('keys'); };
        req.onerror = function () { reject(req.error); };
        req.onsuccess = function () {
          var db = req.result;
          var tx = db.transaction('keys', mode);
          var r = fn(tx.objectStore('keys'));
          tx.oncomplete = function () { db.close(); resolve(r.result); };
          tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
        };
      });
    }

    function sessionToken() {
      var m = document.cookie.match(new RegExp('(?:^|;\\s*)' + cookieName + '=([0-9a-f]+)'));
      return m ? m[1] : null;
    }

    function setSessionCookie(token, expire) {
      document.cookie = cookieName + '=' + token + '; path=' + base + '; SameSite=Strict' +
        (expire ? '; max-age=0' : '') + (location.protocol === 'https:' ? '; Secure' : '');
    }

    async function loadKey() {
      var rec = await store('readonly', function (s) { return s.get(base); });
      if (!rec) return null;
      if (rec.remember || (rec.token && rec.token === sessionToken())) return rec.key;
      await forget(); // left over from an ended session
      return null;
    }

    async function saveKey(key, remember) {
      var token = Array.from(crypto.getRandomValues(new Uint8Array(16)), function (b) {
        return b.toString(16).padStart(2, '0');
      }).join('');
      if (!remember) setSessionCookie(token, false);
      try { if (remember) localStorage.setItem('kith-key:' + base, '1'); } catch (e) { /* no storage */ }
      await store('readwrite', function (s) { return s.put({ key: key, remember: remember, token: token }, base); });
    }

    async function forget() {
      setSessionCookie('', true);
      try { localStorage.removeItem('kith-key:' + base); } catch (e) { /* no storage */ }
      await store('readwrite', function (s) { return s.delete(base); });
    }

    async function lock() {
      siteKey = null;
      try { await forget(); } catch (e) { /* nothing stored */ }
      if (channel) channel.postMessage('lock');
      location.reload();
    }

    if (channel) channel.onmessage = function (e) { if (e.data === 'lock') location.reload(); };

    function say(text) { reveal(); status.textContent = text; }

    // show replaces the shell with the decrypted page. document.write runs
    // the page's scripts, and relative links resolve as before since the
    // URL does not change.
    function show(plain) {
      var html = new TextDecoder().decode(plain);
      document.open();
      document.write(html);
      document.close();
      // document.open dropped the window's listeners: add ours again.
      global.addEventListener('pageshow', function (e) {
        if (e.persisted && siteKey) loadKey().then(function (k) { if (!k) location.reload(); }, function () {});
      });
      function wire() {
        document.querySelectorAll('[data-kith-lock]').forEach(function (el) {
          el.hidden = false;
          el.addEventListener('click', function (e) { e.preventDefault(); lock(); });
        });
        if (location.hash) {
          var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
          if (target) target.scrollIntoView();
        }
      }
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
      else wire();
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', openImages);
      else openImages();
    }

    // imageType names an image's type from its first bytes, for its data: URL.
    function imageType(b) {
      if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
      if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
      if (b[0] === 0x47 && b[1] === 0x49) return 'image/gif';
      if (b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'image/webp';
      return 'application/octet-stream';
    }

    // openImages shows the page's sealed images (<img data-kith-sealed=name>):
    // each is fetched, decrypted and shown from a data: URL, which the
    // theme's Content-Security-Policy allows (img-src 'self' data:).
    function openImages() {
      document.querySelectorAll('img[data-kith-sealed]').forEach(async function (img) {
        var name = img.getAttribute('data-kith-sealed');
        try {
          var plain = new Uint8Array(await openSealed(siteKey, name, await fetchBytes(name)));
          var url = await new Promise(function (resolve, reject) {
            var r = new FileReader();
            r.onload = function () { resolve(r.result); };
            r.onerror = function () { reject(r.error); };
            r.readAsDataURL(new Blob([plain], { type: imageType(plain) }));
          });
          img.src = url;
        } catch (e) {
          img.classList.add('kith-sealed-failed');
        }
      });
    }

    async function fetchBytes(path) {
      var res = await fetch(new URL(path, root), { cache: 'no-cache' });
      if (!res.ok) throw fail('fetch', path + ': ' + res.status);
      return new Uint8Array(await res.arrayBuffer());
    }

    kith.root = root.href;
    kith.lock = lock;
    kith.fetchText = async function (path) {
      if (!siteKey) throw fail('locked', 'locked');
      return new TextDecoder().decode(await openSealed(siteKey, path, await fetchBytes(path)));
    };
    kith.fetchPage = async function (path) {
      if (!siteKey) throw fail('locked', 'locked');
      var shell = new DOMParser().parseFromString(new TextDecoder().decode(await fetchBytes(path)), 'text/html');
      var sealed = shell.getElementById('kith-sealed');
      if (!sealed) throw fail('damaged', path + ': not a sealed page');
      return new TextDecoder().decode(await openSealed(siteKey, sealed.getAttribute('data-name'), fromBase64(sealed.textContent)));
    };

    async function unlock(passphrase, remember) {
      var keyFile;
      try {
        keyFile = JSON.parse(new TextDecoder().decode(await fetchBytes('_kith/key.json')));
      } catch (e) {
        throw fail('keyfile', 'key file');
      }
      var key = await unwrapKey(keyFile, passphrase);
      var plain = await openSealed(key, sealedEl.getAttribute('data-name'), fromBase64(sealedEl.textContent));
      siteKey = key;
      try { await saveKey(key, remember); } catch (e) { /* no IndexedDB: ask again on the next page */ }
      show(plain);
    }

    var messages = {
      passphrase: 'Wrong passphrase.',
      version: 'This site was made by a newer version of kith; this page cannot open it.',
      keyfile: 'The key file could not be loaded.',
      damaged: 'This page could not be decrypted.'
    };

    async function start() {
      if (!global.isSecureContext || !global.crypto || !global.crypto.subtle) {
        say('Unlocking needs a secure connection: open this site over HTTPS or from localhost.');
        return;
      }
      var key = null;
      try { key = await loadKey(); } catch (e) { /* no IndexedDB: ask every time */ }
      if (key) {
        try {
          var plain = await openSealed(key, sealedEl.getAttribute('data-name'), fromBase64(sealedEl.textContent));
          siteKey = key;
          show(plain);
          return;
        } catch (e) {
          try { await forget(); } catch (e2) { /* ignore */ } // the site has a new key
        }
      }
      reveal();
      form.hidden = false;
      form.passphrase.focus();
      form.addEventListener('submit', async function (e) {
        e.preventDefault();
        var button = form.querySelector('button');
        button.disabled = true;
        say('Unlocking…');
        try {
          await unlock(form.passphrase.value, form.remember.checked);
        } catch (err) {
          say(messages[err.kind] || 'Unlocking failed.');
          form.passphrase.select();
        } finally {
          button.disabled = false;
        }
      });
    }

    start();
  }
})(globalThis);
