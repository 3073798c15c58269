show 19
