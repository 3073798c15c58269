show x003@heads
