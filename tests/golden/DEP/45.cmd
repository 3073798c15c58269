history -r a003:b003
