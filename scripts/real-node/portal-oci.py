#!/usr/bin/env python3
"""Writes the portal image as an OCI archive for `ctr images import`: the base image's
layer (Debian, Node 22, production node_modules; made by oci-archive.py) plus one layer on
top (the backend bundle and its configuration files), without any registry or image tool.

  portal-oci.py BASE.oci.tar LAYER.tar OUT.tar NAME --user UID:GID --workdir DIR
                --cmd ARG [--cmd ARG ...] [--env K=V ...] [--port 7007/tcp ...]

The archive holds the new config, manifest and top layer only, not the base layer (hundreds
of MB that do not change per commit): import the base archive first. containerd then finds
the base layer's content and unpacked snapshot already there and only applies the new layer.
"""
import argparse
import hashlib
import json
import os
import shutil
import tarfile
import tempfile


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def read_base(path):
    """The base archive's manifest and config (the files under blobs/ named by index.json)."""
    with tarfile.open(path) as t:
        def blob(digest):
            return json.load(t.extractfile('blobs/sha256/' + digest.split(':', 1)[1]))
        index = json.load(t.extractfile('index.json'))
        if len(index['manifests']) != 1:
            raise SystemExit(f'{path}: expected one manifest, found {len(index["manifests"])}')
        manifest = blob(index['manifests'][0]['digest'])
        return manifest, blob(manifest['config']['digest'])


def main():
    p = argparse.ArgumentParser()
    p.add_argument('base')
    p.add_argument('layer')
    p.add_argument('out')
    p.add_argument('name')
    p.add_argument('--user', required=True)
    p.add_argument('--workdir', required=True)
    p.add_argument('--cmd', action='append', required=True)
    p.add_argument('--env', action='append', default=[])
    p.add_argument('--port', action='append', default=[])
    a = p.parse_args()

    base_manifest, base_config = read_base(a.base)
    layer_digest = sha256_file(a.layer)
    layer_size = os.path.getsize(a.layer)

    config = {
        'architecture': base_config['architecture'],
        'os': base_config['os'],
        'config': {
            'User': a.user,
            # Like the Dockerfile: no entrypoint, the command runs as given (the chart's
            # args and its init container's command replace it).
            'Cmd': a.cmd,
            'Env': ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] + a.env,
            'WorkingDir': a.workdir,
            'ExposedPorts': {port: {} for port in a.port},
        },
        'rootfs': {
            'type': 'layers',
            'diff_ids': base_config['rootfs']['diff_ids'] + ['sha256:' + layer_digest],
        },
        'history': base_config.get('history', []) + [{'created_by': 'scripts/real-node/portal-image (bundle)'}],
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    manifest = {
        'schemaVersion': 2,
        'mediaType': 'application/vnd.oci.image.manifest.v1+json',
        'config': {
            'mediaType': 'application/vnd.oci.image.config.v1+json',
            'digest': 'sha256:' + hashlib.sha256(config_bytes).hexdigest(),
            'size': len(config_bytes),
        },
        'layers': base_manifest['layers'] + [{
            'mediaType': 'application/vnd.oci.image.layer.v1.tar',
            'digest': 'sha256:' + layer_digest,
            'size': layer_size,
        }],
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True).encode()
    index = {
        'schemaVersion': 2,
        'manifests': [{
            'mediaType': 'application/vnd.oci.image.manifest.v1+json',
            'digest': 'sha256:' + hashlib.sha256(manifest_bytes).hexdigest(),
            'size': len(manifest_bytes),
            'annotations': {
                'io.containerd.image.name': a.name,
                'org.opencontainers.image.ref.name': a.name.rsplit(':', 1)[1],
            },
        }],
    }

    work = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(a.out)))
    try:
        blobs = os.path.join(work, 'blobs', 'sha256')
        os.makedirs(blobs)
        for data in (config_bytes, manifest_bytes):
            with open(os.path.join(blobs, hashlib.sha256(data).hexdigest()), 'wb') as f:
                f.write(data)
        try:
            os.link(a.layer, os.path.join(blobs, layer_digest))
        except OSError:
            shutil.copyfile(a.layer, os.path.join(blobs, layer_digest))
        with open(os.path.join(work, 'index.json'), 'w') as f:
            json.dump(index, f)
        with open(os.path.join(work, 'oci-layout'), 'w') as f:
            json.dump({'imageLayoutVersion': '1.0.0'}, f)
        tmp_out = a.out + '.tmp'
        with tarfile.open(tmp_out, 'w') as t:
            for entry in ('oci-layout', 'index.json', 'blobs'):
                t.add(os.path.join(work, entry), arcname=entry)
        os.replace(tmp_out, a.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
