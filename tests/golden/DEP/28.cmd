show a003
