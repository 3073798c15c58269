history -r=-1:
