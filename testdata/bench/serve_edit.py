#!/usr/bin/env python3
"""Edit-to-served latency of `kith serve`, whole process, binaries side by side.

    testdata/bench/serve_edit.py JOURNAL ROUNDS EDITS KITH [KITH ...]

For each round, each binary in turn: copy nothing, start `KITH serve -s JOURNAL
--now 2026-11-23 --port P`, wait for the first page, open the live-reload stream
(/_kith/reload), then EDITS times: rewrite one person's note (a new first
paragraph, so every later line moves), wait for the `reload` event, fetch the
person's page and check that it shows the edit. The clock runs from just before
the file is written to the moment the page has been read. The note is put back
and the server stopped before the next binary. Prints every latency and, per
binary, the median, p90 and start-up times. Loopback only.
"""
import http.client
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import unicodedata


def slug(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    out, dash = [], False
    for c in s:
        if c.isalnum() and c.isascii():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stream(port, events):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /_kith/reload HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    f = s.makefile("rb")
    for line in f:
        line = line.decode().strip()
        if line.startswith("event: "):
            events.put(line[7:])


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def run(kith, journal, note, addr, edits):
    port = free_port()
    t0 = time.time()
    p = subprocess.Popen([kith, "serve", "-s", journal, "--now", "2026-11-23", "--port", str(port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if get(port, "/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.02)
        startup = time.time() - t0
        events = queue.Queue()
        threading.Thread(target=stream, args=(port, events), daemon=True).start()
        time.sleep(0.3)
        get(port, addr)
        orig = open(note, encoding="utf-8").read()
        took = []
        for i in range(edits):
            marker = "Edited %d times by %s." % (i, os.path.basename(kith))
            data = orig.replace("\n---\n", "\n---\n" + marker + "\n\n", 1)
            while not events.empty():
                events.get()
            start = time.perf_counter()
            with open(note, "w", encoding="utf-8") as f:
                f.write(data)
            while events.get(timeout=30) != "reload":
                pass
            status, body = get(port, addr)
            took.append((time.perf_counter() - start) * 1000)
            if status != 200 or marker.encode() not in body:
                raise SystemExit("%s: edit %d not shown (status %d)" % (kith, i, status))
            time.sleep(0.25)
        with open(note, "w", encoding="utf-8") as f:
            f.write(orig)
        time.sleep(0.5)
        rss = {}
        for line in open("/proc/%d/status" % p.pid):
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                rss[k] = int(v.split()[0]) // 1024
        return startup, took, rss
    finally:
        p.send_signal(signal.SIGINT)
        p.wait(timeout=30)


def main():
    journal, rounds, edits, bins = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    people = os.path.join(journal, "content", "people")
    name = sorted(os.listdir(people))[5]
    note = os.path.join(people, name)
    addr = "/people/%s/" % slug(name[:-3])
    res = {b: ([], []) for b in bins}
    for r in range(rounds):
        for b in bins:
            startup, took, rss = run(b, journal, note, addr, edits)
            res[b][0].append(startup)
            res[b][1].extend(took)
            print("round %d %s: start-up %.2f s, RSS %d MiB (peak %d), edits %s (load %.1f)" % (
                r + 1, b, startup, rss.get("VmRSS", 0), rss.get("VmHWM", 0),
                " ".join("%.0f" % t for t in took), os.getloadavg()[0]), flush=True)
    for b in bins:
        ups, took = res[b]
        took.sort()
        print("%s: %d edits, median %.1f ms, p90 %.1f ms, fastest %.1f ms; start-up median %.2f s" % (
            b, len(took), statistics.median(took), took[int(len(took) * 0.9)], took[0], statistics.median(ups)))


main()
