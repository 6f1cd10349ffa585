"""Open data: the read-only JSON API (`api.py`), the CSV files (`tables.py`), the DCAT-AP-SE
catalogue (`dcat.py`) and the "Öppna data" page (`views.py`). All of them publish the same rows,
read by `querysets.py` from what citizens may see, under one licence (`datasets.py`)."""
