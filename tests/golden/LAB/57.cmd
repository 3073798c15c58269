show shopping@a001
