show x003
