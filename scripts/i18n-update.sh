#!/usr/bin/env bash
# Extracts every T(lang, "...") and N_("...") msgid from app/ into
# assets/locale/sodan.pot and merges it into each catalog.  Run after adding
# user-visible strings, then translate the empty msgstr entries in ja.
set -euo pipefail
cd "$(dirname "$0")/.."
find app -name '*.c' | LC_ALL=C sort | xargs xgettext --from-code=UTF-8 \
	--keyword=T:2 --keyword=N_ --language=C --no-location --sort-output \
	--package-name=sodan -o assets/locale/sodan.pot
for po in assets/locale/*/sodan.po; do
	msgmerge --quiet --update --backup=none --no-location --sort-output "$po" assets/locale/sodan.pot
done
# Report untranslated Japanese strings (English msgids are their own translation).
msgfmt --statistics -o /dev/null assets/locale/ja/sodan.po
