history -r ae10f:1975
