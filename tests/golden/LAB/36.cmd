show x04a
