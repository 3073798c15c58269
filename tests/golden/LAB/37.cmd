show x04b
