"""The public log (a Merkle tree, RFC 9162): entries written by services, leaves and signed
tree heads written by the sequencer. The database refuses UPDATE, DELETE and TRUNCATE."""

from datetime import UTC, datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerEntry(models.Model):
    """What a service recorded, in its own transaction. Its place in the log (the leaf) is
    given by the sequencer within about a second."""

    uid = models.CharField(_("entry id"), max_length=32)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)
    recorded_at = models.CharField(_("recorded at (UTC, ISO 8601)"), max_length=32)
    actor = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=80)
    payload = models.JSONField(_("payload"))
    payload_digest = models.CharField(_("payload digest"), max_length=64)
    # PostgreSQL: the writing transaction's id, so the sequencer finds new entries without
    # scanning the whole log (see sequencer.py); empty on SQLite, where writes are serial.
    txid = models.BigIntegerField(null=True, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["pk"]
        # An object's entries (a seal's commitment, a ballot's freeze, the entries a page links)
        # are read by (object_type, object_id): without this, each read scans the whole log.
        indexes = [models.Index(fields=["object_type", "object_id"], name="ledger_entry_object")]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"

    @property
    def index(self) -> int | None:
        """The leaf index (0-based) once sequenced, else None."""
        leaf = getattr(self, "leaf", None) if self.pk else None
        return leaf.index if leaf is not None else None

    def hashed_fields(self) -> dict:
        from xihu.engine.ledger import ENTRY_FIELDS

        return {name: getattr(self, name) for name in (*ENTRY_FIELDS, "payload")}


class LedgerLeaf(models.Model):
    """An entry's place in the tree, and the hashes its arrival completes: the leaf hash, then
    the root of each perfect subtree that ends with this leaf (lowest first), hex, joined."""

    index = models.PositiveBigIntegerField(_("leaf index"), primary_key=True)
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="leaf")
    hashes = models.TextField(_("completed subtree hashes"))

    class Meta:
        ordering = ["index"]
        verbose_name = _("ledger leaf")
        verbose_name_plural = _("ledger leaves")

    def __str__(self) -> str:
        return f"#{self.index}"

    def subtree_hash(self, level: int) -> bytes:
        return bytes.fromhex(self.hashes[64 * level: 64 * (level + 1)])


class TreeHead(models.Model):
    """A signed tree head: the size and root of the tree, signed with the log's Ed25519 key
    as a checkpoint note (xihu.engine.checkpoint)."""

    size = models.PositiveBigIntegerField(_("tree size"), unique=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    timestamp_ms = models.BigIntegerField(_("signed at (Unix ms)"))
    key_id = models.CharField(_("key id"), max_length=8)
    note = models.TextField(_("signed checkpoint"))

    class Meta:
        ordering = ["size"]
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")

    def __str__(self) -> str:
        return f"{self.size} {self.root_hash[:16]}"

    @property
    def signed_at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=UTC)


class WitnessKey(models.Model):
    """A witness (a social organisation, the expert group) and its Ed25519 public key, registered
    by the district admin. Append-only: a new key is a new witness name."""

    name = models.SlugField(_("witness name"), max_length=60, unique=True)
    public_key = models.CharField(_("public key (hex)"), max_length=64)
    registered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    note = models.CharField(_("who runs it"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")

    def __str__(self) -> str:
        return self.name


class WitnessCosignature(models.Model):
    """A witness's signature over a head it checked (C2SP tlog-cosignature message)."""

    witness = models.ForeignKey(WitnessKey, on_delete=models.PROTECT, related_name="cosignatures")
    head = models.ForeignKey(TreeHead, on_delete=models.PROTECT, related_name="cosignatures")
    time_s = models.BigIntegerField(_("cosigned at (Unix s)"))
    signature = models.CharField(_("signature (base64)"), max_length=100)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["head", "witness"]
        constraints = [models.UniqueConstraint(fields=["witness", "head"], name="one_cosignature_per_head")]
        verbose_name = _("witness cosignature")
        verbose_name_plural = _("witness cosignatures")

    def __str__(self) -> str:
        return f"{self.witness} @ {self.head.size}"
