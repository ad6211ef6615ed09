"""The archive: a gzipped tar of manifest.json, the database snapshot (db.sqlite3 or db.dump) and
media/ (the uploaded files). Reading it never trusts member names: only those three kinds of
member are taken, regular files only, and nothing outside the target folder."""

import io
import json
import os
import tarfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

FORMAT = "xihu-backup/1"
DB_MEMBERS = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Manifest:
    format: str
    created_at: str
    vendor: str
    head: dict | None
    log_ok: bool
    log_problem: str
    tables: dict[str, int]
    media_files: int = 0
    migrations: list[list[str]] = field(default_factory=list)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True).encode()


def write_archive(dest: Path, manifest: Manifest, db_file: Path, media_root: Path | None) -> Path:
    """Write atomically: a partial file never carries the final name."""
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".part")
    with tarfile.open(partial, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        data = manifest.to_json()
        info.size = len(data)
        info.mode = 0o600
        tar.addfile(info, io.BytesIO(data))
        tar.add(db_file, arcname=DB_MEMBERS[manifest.vendor], recursive=False)
        for path in media_files(media_root):
            tar.add(path, arcname=str(PurePosixPath("media") / path.relative_to(media_root).as_posix()),
                    recursive=False)
    os.chmod(partial, 0o600)
    os.replace(partial, dest)
    return dest


def media_files(media_root: Path | None) -> list[Path]:
    if media_root is None or not Path(media_root).is_dir():
        return []
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file() and not p.is_symlink())


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember("manifest.json")
            data = json.loads(tar.extractfile(member).read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{archive} is not a readable Xihu backup ({error}).") from error
    if data.get("format") != FORMAT:
        raise BackupError(f"{archive} is a {data.get('format')!r} archive; this version reads {FORMAT}.")
    return Manifest(**{k: data.get(k) for k in Manifest.__dataclass_fields__ if k in data})


def _safe(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path


def extract(archive: Path, folder: Path, vendor: str) -> tuple[Path, Path]:
    """The database snapshot and the media folder, extracted into `folder`."""
    db_name = DB_MEMBERS[vendor]
    media = folder / "media"
    db_path = None
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            path = _safe(member.name)
            if path is None or not member.isfile():
                continue
            if str(path) == db_name:
                target = folder / db_name
                db_path = target
            elif path.parts[0] == "media" and len(path.parts) > 1:
                target = media.joinpath(*path.parts[1:])
            else:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, open(target, "wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
    if db_path is None:
        raise BackupError(f"{archive} holds no {db_name}: it is not a {vendor} backup.")
    return db_path, media
