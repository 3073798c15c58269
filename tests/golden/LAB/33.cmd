show x001
