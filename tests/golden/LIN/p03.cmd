upgrade --sql 1975:ae10f
