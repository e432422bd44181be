#!/usr/bin/env python3
"""The real-node lane's cluster DNS: answers A queries for Services
(<service>.<namespace>.svc.cluster.local: the ClusterIP, or for a headless Service the
ready endpoint addresses, plus <hostname>.<service>.<namespace>.svc.cluster.local for
endpoints with a hostname, as StatefulSet pods have). Everything else is NXDOMAIN: store
pods have no business resolving outside names here. UDP only, which is what pods' resolvers
use for these short answers. The names come from the API (kubectl get services and
endpointslices), refreshed every second.

  dns.py --listen ADDRESS --kubectl PATH --kubeconfig FILE
"""
import argparse
import json
import socket
import struct
import subprocess
import sys
import threading
import time

DOMAIN = 'svc.cluster.local'
records = {}
lock = threading.Lock()


def refresh(kubectl, kubeconfig):
    out = subprocess.run(
        [kubectl, '--kubeconfig', kubeconfig, '--request-timeout=20s', 'get',
         'services,endpointslices', '--all-namespaces', '-o', 'json'],
        check=True, capture_output=True).stdout
    items = json.loads(out)['items']
    table = {}
    headless = set()
    for item in items:
        if item['kind'] != 'Service':
            continue
        meta, spec = item['metadata'], item['spec']
        name = f"{meta['name']}.{meta['namespace']}.{DOMAIN}"
        ip = spec.get('clusterIP')
        if ip and ip != 'None':
            table[name] = [ip]
        else:
            headless.add(name)
            table.setdefault(name, [])
    for item in items:
        if item['kind'] != 'EndpointSlice' or item.get('addressType') != 'IPv4':
            continue
        meta = item['metadata']
        service = meta.get('labels', {}).get('kubernetes.io/service-name')
        name = f"{service}.{meta['namespace']}.{DOMAIN}"
        if name not in headless:
            continue
        for endpoint in item.get('endpoints') or []:
            if endpoint.get('conditions', {}).get('ready') is False:
                continue
            table[name].extend(endpoint['addresses'])
            if endpoint.get('hostname'):
                table.setdefault(f"{endpoint['hostname']}.{name}", []).extend(endpoint['addresses'])
    with lock:
        records.clear()
        records.update(table)


def refresher(args):
    while True:
        try:
            refresh(args.kubectl, args.kubeconfig)
        except Exception as e:  # keep serving the last table; the API may be restarting
            print(f'dns: refresh failed: {e}', file=sys.stderr, flush=True)
        time.sleep(1)


def parse_question(msg):
    labels, pos = [], 12
    while True:
        n = msg[pos]
        pos += 1
        if n == 0:
            break
        if n & 0xC0:
            raise ValueError('compressed question')
        labels.append(msg[pos:pos + n].decode('ascii', 'replace').lower())
        pos += n
    qtype, qclass = struct.unpack('>HH', msg[pos:pos + 4])
    return '.'.join(labels), qtype, qclass, msg[12:pos + 4]


def answer(msg):
    ident, flags, qdcount = struct.unpack('>HHH', msg[:6])
    rd = flags & 0x0100
    if qdcount != 1 or flags & 0x8000:
        return struct.pack('>HHHHHH', ident, 0x8000 | rd | 0x0080 | 1, 0, 0, 0, 0)  # FORMERR
    name, qtype, qclass, question = parse_question(msg)
    with lock:
        ips = records.get(name)
    answers = []
    if ips is not None and qtype in (1, 255) and qclass == 1:
        for ip in ips:
            answers.append(struct.pack('>HHHIH', 0xC00C, 1, 1, 5, 4) + socket.inet_aton(ip))
    rcode = 0 if ips is not None else 3  # NXDOMAIN
    header = struct.pack('>HHHHHH', ident, 0x8000 | 0x0400 | rd | 0x0080 | rcode, 1, len(answers), 0, 0)
    return header + question + b''.join(answers)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--listen', required=True)
    p.add_argument('--port', type=int, default=53)
    p.add_argument('--kubectl', required=True)
    p.add_argument('--kubeconfig', required=True)
    args = p.parse_args()
    refresh(args.kubectl, args.kubeconfig)
    threading.Thread(target=refresher, args=(args,), daemon=True).start()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((args.listen, args.port))
    print(f'dns: serving {DOMAIN} on {args.listen}:{args.port}', flush=True)
    while True:
        msg, peer = sock.recvfrom(512)
        try:
            sock.sendto(answer(msg), peer)
        except (ValueError, IndexError, struct.error):
            continue


if __name__ == '__main__':
    main()
