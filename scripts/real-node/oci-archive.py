#!/usr/bin/env python3
"""Wraps a root file system tarball (from mmdebstrap) into a one-layer OCI image archive
that `ctr images import` reads, without any registry or image tool.

  oci-archive.py ROOTFS.tar OUT.tar NAME --user UID:GID --entrypoint /path [--env K=V ...]
                 [--port 80/tcp ...] [--workdir DIR]

The layer is the tarball itself, uncompressed (it is imported on the same machine, so
compressing it would only cost time). NAME (e.g. localhost/stores-real-node/mariadb:KEY)
goes into the index's io.containerd.image.name annotation, which containerd names the
imported image after.
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument('rootfs')
    p.add_argument('out')
    p.add_argument('name')
    p.add_argument('--user', required=True)
    p.add_argument('--entrypoint', required=True)
    p.add_argument('--env', action='append', default=[])
    p.add_argument('--port', action='append', default=[])
    p.add_argument('--workdir', default='/')
    a = p.parse_args()

    work = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(a.out)))
    try:
        blobs = os.path.join(work, 'blobs', 'sha256')
        os.makedirs(blobs)

        def add_blob(path_or_bytes):
            if isinstance(path_or_bytes, bytes):
                digest = hashlib.sha256(path_or_bytes).hexdigest()
                with open(os.path.join(blobs, digest), 'wb') as f:
                    f.write(path_or_bytes)
                return digest, len(path_or_bytes)
            digest = sha256_file(path_or_bytes)
            dest = os.path.join(blobs, digest)
            try:
                os.link(path_or_bytes, dest)
            except OSError:
                shutil.copyfile(path_or_bytes, dest)
            return digest, os.path.getsize(dest)

        layer_digest, layer_size = add_blob(a.rootfs)
        config = {
            'architecture': 'amd64' if os.uname().machine == 'x86_64' else os.uname().machine,
            'os': 'linux',
            'config': {
                'User': a.user,
                'Entrypoint': [a.entrypoint],
                'Env': ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] + a.env,
                'WorkingDir': a.workdir,
                'ExposedPorts': {port: {} for port in a.port},
            },
            'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + layer_digest]},
            'history': [{'created_by': 'scripts/real-node (mmdebstrap)'}],
        }
        config_digest, config_size = add_blob(json.dumps(config, sort_keys=True).encode())
        manifest = {
            'schemaVersion': 2,
            'mediaType': 'application/vnd.oci.image.manifest.v1+json',
            'config': {
                'mediaType': 'application/vnd.oci.image.config.v1+json',
                'digest': 'sha256:' + config_digest,
                'size': config_size,
            },
            'layers': [{
                'mediaType': 'application/vnd.oci.image.layer.v1.tar',
                'digest': 'sha256:' + layer_digest,
                'size': layer_size,
            }],
        }
        manifest_digest, manifest_size = add_blob(json.dumps(manifest, sort_keys=True).encode())
        index = {
            'schemaVersion': 2,
            'manifests': [{
                'mediaType': 'application/vnd.oci.image.manifest.v1+json',
                'digest': 'sha256:' + manifest_digest,
                'size': manifest_size,
                'annotations': {
                    'io.containerd.image.name': a.name,
                    'org.opencontainers.image.ref.name': a.name.rsplit(':', 1)[1],
                },
            }],
        }
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
