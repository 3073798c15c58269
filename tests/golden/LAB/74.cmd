history -r shopping@-1:
