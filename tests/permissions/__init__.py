"""Who may open what. The matrix (test_matrix.py, with its cases in matrix.py and
matrix_states.py and their vocabulary in rows.py) requests every URL of the project as every role;
the other modules test what a page may contain or do once it is open."""
