upgrade --sql base:fff006-1
