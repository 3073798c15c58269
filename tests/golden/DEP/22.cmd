history -r=-2:
