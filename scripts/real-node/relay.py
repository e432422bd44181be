#!/usr/bin/env python3
"""A TCP relay for the real-node lane: makes a service that listens on the machine's loopback
only (the local kube-apiserver, the test PostgreSQL) reachable from the real node's pods, and
from nothing else.

  relay.py --allow 10.244.0.0/24 LISTEN_HOST:PORT=TARGET_HOST:PORT [...]

Each LISTEN=TARGET pair gets a listener; a connection from an address outside --allow is
closed at once. Bytes are passed through untouched (TLS stays end to end). Prints `listening
LISTEN -> TARGET` per pair as it is bound, `accepted PEER -> TARGET` or `refused PEER` per
connection, and runs until killed.
"""
import argparse
import asyncio
import ipaddress
import sys


def split(hostport):
    host, _, port = hostport.rpartition(':')
    return host, int(port)


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


def handler(target, allowed):
    async def handle(reader, writer):
        peer = ipaddress.ip_address(writer.get_extra_info('peername')[0])
        if not any(peer in net for net in allowed):
            print(f'refused {peer}', flush=True)
            writer.close()
            return
        print(f'accepted {peer} -> {target[0]}:{target[1]}', flush=True)
        try:
            t_reader, t_writer = await asyncio.open_connection(*target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, t_writer), pipe(t_reader, writer))
    return handle


async def main():
    p = argparse.ArgumentParser()
    p.add_argument('--allow', action='append', required=True, help='a peer network (CIDR)')
    p.add_argument('pairs', nargs='+', metavar='LISTEN=TARGET')
    a = p.parse_args()
    allowed = [ipaddress.ip_network(n) for n in a.allow]
    servers = []
    for pair in a.pairs:
        listen, _, target = pair.partition('=')
        servers.append(await asyncio.start_server(handler(split(target), allowed), *split(listen)))
        print(f'listening {listen} -> {target}', flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == '__main__':
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
