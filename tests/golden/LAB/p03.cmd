upgrade --sql a003:shopping@+1
