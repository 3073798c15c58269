show xl@-1
