history -r 1975:1975
