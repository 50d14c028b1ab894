// The first statement a freshly started embedded server answers: it loads its Cypher engine (~0.3 s) while the
// server starts, not in the first query of the command that started it.
// params: {}
RETURN 1 AS ready
