show networking@a001
