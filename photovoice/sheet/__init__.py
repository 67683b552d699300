"""The exhibition in a spreadsheet: `photovoice sheet export`, `import`, `translations`, `review`.

- columns.py: the sheets and their columns, from the loader's own keys, in English or French
- entries.py: content/ -> one row of values per participant, photo, city and theme
- book.py: rows <-> .xlsx (and .csv), formula-proof both ways
- yamledit.py: a change written into a YAML file that keeps its comments and layout
- changes.py: a workbook read back, compared, checked by the loader, written or refused
- translations.py: only the missing texts, beside their source, for a translator
- review.py: what the site will publish for one participant, for their sign-off

Among the house's parts (HOUSE.md) the package is an orchestrator beside `build()`:
export, import and translations use Content (the loader is the one judge of an import),
Publish's atomic-file helper and Memory's note of the files written for the team (so a
build can name those that still hold a withdrawn participant); review also takes the Site's credit rule and the
Media's `derive_images`, so a thumbnail is blurred as the published photo is
(ARCHITECTURE.md: the Sheet part).
"""
