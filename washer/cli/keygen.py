"""``washer keygen FILE``: write a new secret key."""

from __future__ import annotations

from pathlib import Path

import click

from washer.keys import ENV_VAR, write_new_key


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def keygen(file: Path) -> None:
    """Write a new random key (32 bytes, hex) to FILE with mode 0600.

    The key is never printed; only its fingerprint. Keep it secret: with the key, fakes can be
    linked back to the originals by anyone who also holds the originals. Give it to other
    commands with --key-file FILE or the environment variable WASHER_KEY.

    \b
    Example:
        washer keygen washer.key
    """
    key = write_new_key(file)
    click.echo(f"Wrote a new key to {file} (fingerprint {key.fingerprint}).")
    click.echo(f'Use it with --key-file {file} or export {ENV_VAR}="$(cat {file})".')
