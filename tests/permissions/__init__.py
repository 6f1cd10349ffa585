"""Who may open what. The matrix (test_matrix.py) requests every URL of the project as every
role; the other modules test what a page may contain or do once it is open."""
