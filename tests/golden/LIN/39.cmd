show ae1027+1
