show ae10f5e7b2c1
