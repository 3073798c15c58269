history -r=-9:
