#!/usr/bin/env python3
"""Imports .apkg files into a fresh collection with Anki's own code and says what Anki made of
them: notes added, refused or matched, cards, review-log entries, media, and Anki's database
check. Exits 1 if Anki refused anything or its check found a problem.

    python3 -m pip install anki        # Anki's own library (the desktop app's backend)
    python3 tests/tools/anki_check.py DECK.apkg [MORE.apkg...]
"""
import os
import sys
import tempfile

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def main(paths):
    if not paths:
        print(__doc__.strip())
        return 2
    folder = tempfile.mkdtemp(prefix="anki-check-")
    col = Collection(os.path.join(folder, "collection.anki2"))
    failed = False
    for path in paths:
        request = ImportAnkiPackageRequest(
            package_path=os.path.abspath(path),
            options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False),
        )
        log = col.import_anki_package(request).log
        refused = {
            "conflicting": len(log.conflicting),
            "missing note type": len(log.missing_notetype),
            "missing deck": len(log.missing_deck),
            "empty first field": len(log.empty_first_field),
        }
        print(f"{path}: {len(log.new)} notes added, {len(log.updated)} updated, "
              f"{len(log.duplicate)} duplicates, "
              + ", ".join(f"{n} {what}" for what, n in refused.items()))
        failed |= any(refused.values())
    print(f"collection: {col.note_count()} notes, {col.card_count()} cards, "
          f"{col.db.scalar('select count() from revlog')} review-log entries, "
          f"{len(os.listdir(col.media.dir()))} media files")
    print("decks:", ", ".join(d.name for d in col.decks.all_names_and_ids()))
    for queue, n in col.db.all("select queue, count() from cards group by queue"):
        print(f"  queue {queue}: {n} cards")
    message, ok = col.fix_integrity()
    print("Anki's database check:", message.replace("\n", " "))
    failed |= not ok
    col.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
