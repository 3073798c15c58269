history -r 1975:ae10f -v
