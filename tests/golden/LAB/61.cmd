show networking@-1
