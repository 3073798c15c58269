history -r y001:yl@+1
