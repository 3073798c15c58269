show x04
