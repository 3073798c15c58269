upgrade --sql base:b002
