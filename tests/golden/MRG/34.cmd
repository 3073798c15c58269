history -r eee005:
