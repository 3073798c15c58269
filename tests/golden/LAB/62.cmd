show yl@-1
