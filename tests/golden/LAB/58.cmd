show shopping@a003
