// params:
RETURN 1 AS ok
