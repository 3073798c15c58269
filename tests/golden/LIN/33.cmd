show ae1
