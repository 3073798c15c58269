show a001
