history -r=-3:
