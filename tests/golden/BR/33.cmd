history -r :eee005
