show beta@-1
