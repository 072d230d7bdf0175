"""The corpus pipeline: from the source texts and the curation files to the
database, and back out again. One module a job:

- sources: read the declaration's English text and the Chinese records;
- curation_files: the reviewed CSV files of themes, instruments and their
  paragraph links (their columns, CSV layout and alias format), read and
  checked for the build;
- entity_files: the same for entities, memberships, entity links and the
  paragraphs' recorded subjects;
- vocabulary_files: the termbase (every concept's labels with their
  sources), read and checked for the build, and the vocabulary fixture;
- editorial_notes: the project's notes on the translation, with their basis;
- export: the curation files written back from the database;
- fixtures: build the Django fixtures from the two, byte-stable;
- loader: load the fixtures into the database, keeping curators' edits;
- originals: import an official original text (Chinese) in one step;
- annotations: export and import curators' annotations.

Every fault in a file is a CorpusError that names the file and the line.
"""

from pathlib import Path


class CorpusError(Exception):
    """A fault in a source or curation file, located by file and line."""

    def __init__(self, path, line, message):
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"
