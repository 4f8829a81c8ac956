#!/usr/bin/env python3
"""Wraps plain.log (written by Monolog, make.php) line by line as a container runtime or the system log
keeps a program's standard error, so each wrapped file must import exactly as plain.log does:

- docker.log: Docker's json-file driver, one JSON object a line; a line over 16 KiB is split into entries
  of 16 KiB whose "log" does not end with "\\n" (the last one does); a stdout entry in between;
- cri.log: the CRI format Kubernetes writes under /var/log/pods: "TIME STREAM P|F text", a line over
  16 KiB split into P entries ended by an F one;
- journal.json: `journalctl -o json --all`, one entry a line; a line over journald's LineMax (48 KiB)
  split with _LINE_BREAK=line-max; a MESSAGE with bytes that are not printable UTF-8 is an array of bytes;
- syslog.log, syslog-classic.log: rsyslog's RFC 3339 and traditional file formats, a prefix on each line.
Also latin1.journal.json: ../shapes/latin1.log (a raw 0xE9 byte) as journald keeps it (MESSAGE as bytes).
Run: python3 Tests/AuditStoreTests/Fixtures/containers/wrap.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DOCKER_MAX = 16 * 1024
CRI_MAX = 16 * 1024
JOURNAL_LINE_MAX = 48 * 1024


def lines(path):
    with open(path, 'rb') as f:
        data = f.read()
    assert data.endswith(b'\n')
    return data[:-1].split(b'\n')


def stamp(k, nanos=True):
    second = 1 + k // 1000
    fraction = (k % 1000) * 1000 + 123
    return f'2025-02-01T08:{second // 60:02d}:{second % 60:02d}.{fraction:06d}' + ('789Z' if nanos else '+00:00')


def chunks(data, size):
    return [data[i:i + size] for i in range(0, len(data), size)] or [b'']


def docker(rows):
    out = []
    for k, row in enumerate(rows):
        parts = chunks(row + b'\n', DOCKER_MAX)
        for n, part in enumerate(parts):
            entry = {'log': part.decode('utf-8', 'replace'), 'stream': 'stderr', 'time': stamp(k)}
            out.append(json.dumps(entry, ensure_ascii=False, separators=(',', ':')).encode())
            if n == 0 and len(parts) > 1:
                # Another process's line on stdout between two parts of the long stderr line.
                entry = {'log': '', 'stream': 'stdout', 'time': stamp(k)}
                out.append(json.dumps(entry, separators=(',', ':')).encode())
    return b'\n'.join(out) + b'\n'


def cri(rows):
    out = []
    for k, row in enumerate(rows):
        parts = chunks(row, CRI_MAX)
        for n, part in enumerate(parts):
            tag = b'F' if n == len(parts) - 1 else b'P'
            out.append(stamp(k).encode() + b' stderr ' + tag + b' ' + part)
    return b'\n'.join(out) + b'\n'


def printable(data):
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        return False
    return all(c in '\n\t' or ord(c) >= 0x20 and ord(c) != 0x7F for c in text)


def journal(rows):
    out = []
    for k, row in enumerate(rows):
        parts = chunks(row, JOURNAL_LINE_MAX)
        for n, part in enumerate(parts):
            usec = 1738396801000000 + k * 1000
            entry = {
                '__CURSOR': f's=5f1c0a0e;i={k + n:x};b=0d7e;m={k:x};t={usec:x};x=1a2b',
                '__REALTIME_TIMESTAMP': str(usec), '__MONOTONIC_TIMESTAMP': str(9000000 + k),
                '_BOOT_ID': '0d7e4b5a9c1f4e6b8a2d3c4e5f6a7b8c', 'PRIORITY': '6', 'SYSLOG_FACILITY': '3',
                '_UID': '33', '_GID': '33', '_COMM': 'php-fpm8.2', '_EXE': '/usr/sbin/php-fpm8.2',
                '_SYSTEMD_UNIT': 'php8.2-fpm.service', '_TRANSPORT': 'stdout', '_STREAM_ID': '9e1f2a',
                'SYSLOG_IDENTIFIER': 'php-fpm', '_PID': '812', '_HOSTNAME': 'web1',
            }
            if n < len(parts) - 1:
                entry['_LINE_BREAK'] = 'line-max'
            entry['MESSAGE'] = part.decode('utf-8') if printable(part) else list(part)
            out.append(json.dumps(entry, ensure_ascii=False, separators=(',', ':')).encode())
    return b'\n'.join(out) + b'\n'


def syslog(rows, classic):
    out = []
    for k, row in enumerate(rows):
        second = 1 + k // 1000
        time = f'Feb  1 08:{second // 60:02d}:{second % 60:02d}' if classic else stamp(k, nanos=False)
        out.append(time.encode() + b' web1 php[812]: ' + row)
    return b'\n'.join(out) + b'\n'


def write(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


rows = lines(os.path.join(HERE, 'plain.log'))
write('docker.log', docker(rows))
write('cri.log', cri(rows))
write('journal.json', journal(rows))
write('syslog.log', syslog(rows, classic=False))
write('syslog-classic.log', syslog(rows, classic=True))
write('latin1.journal.json', journal(lines(os.path.join(HERE, '..', 'shapes', 'latin1.log'))))
