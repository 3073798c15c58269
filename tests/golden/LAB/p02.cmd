upgrade --sql base:networking@+1
