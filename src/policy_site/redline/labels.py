"""Every string the redline shows or announces, per locale: the ``redline`` part of the locale's
interface catalog (``policy_site/locales/<locale>.json``), never code.

Screen-reader labels are real text (visually hidden by the ``redline-sr`` class), never CSS
``content``: many screen readers do not announce ``<ins>``/``<del>`` (JAWS ignores ``<del>``),
and text inserted by CSS does not count as content (WCAG F87). Each change is announced where
it starts and where it ends, so that a listener knows how much was changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_site.common.catalogs import load_catalog_part
from policy_site.redline.model import NOT_CAPTURED  # the model imports nothing

if TYPE_CHECKING:  # for the annotations only
    from policy_site.redline.links import LinkChange
    from policy_site.redline.model import BlockOp


def load_labels(locale: str) -> dict[str, str]:
    """The redline's strings in ``locale``: the ``redline`` part of its interface catalog
    (:mod:`policy_site.common.catalogs`), read once per process. A locale without a catalog, or a
    catalog without a key, raises CatalogError (a ValueError) with one line naming both and the fix."""
    return load_catalog_part(locale, "redline")


def format_link_change(change: LinkChange, labels: dict[str, str]) -> str:
    """"［リンク先変更：… → …］" with the words for "no link" and "target not captured"."""
    def shown(target: str) -> str:
        if not target:
            return labels["no_link"]
        return labels["target_not_captured"] if target == NOT_CAPTURED else target

    return labels["link_changed"].format(old=shown(change.old_target), new=shown(change.new_target))


def format_note(op: BlockOp, labels: dict[str, str]) -> str:
    """"［書式変更：段落 → 見出し］": what a format change says, in the labels' language."""
    old_kind, new_kind = op.format_change
    return labels["format_changed"].format(old=labels.get(f"kind_{old_kind}", old_kind),
                                           new=labels.get(f"kind_{new_kind}", new_kind))
