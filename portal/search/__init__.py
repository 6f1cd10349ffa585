"""The search at /sok/: one search over public medborgarlöften, their löften and their published
follow-ups, with filters.

- `index`: the search entry of each public document (`portal.models.SearchEntry`), kept up to
  date on every save of the rows it is built from.
- `engine`: matching, ranking and excerpts; Swedish full-text search on PostgreSQL, plain
  case-insensitive containment elsewhere.
- `filters`: the FilterSet (django-filter) whose state lives in the URL.
- `views`: the page.

Results are documents, each with the löften and follow-up texts that matched shown as
highlighted excerpts: a citizen looks for "what do they promise where I live", and a list of
loose löften from many documents would hide which municipality, period and phase each belongs to.
"""
