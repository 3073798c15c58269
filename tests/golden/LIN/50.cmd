history -r=-5:
