upgrade --sql a001:b002
