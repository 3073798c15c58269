history -r :networking@+1
