history -r=-6:
